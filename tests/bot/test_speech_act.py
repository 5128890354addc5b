"""What a message does in the conversation (bot/speech_act.py): a greeting in front of a question is the
question; in a form, a statement is the answer and only a question interrupts."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import ActiveLoop, SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.speech_act import SpeechAct


def _tracker(*events):
    slots = [TextSlot("requested_slot", mappings=[])]
    return DialogueStateTracker.from_events("test", list(events), slots=slots)


IN_THE_APPEAL_FORM = (ActiveLoop("appeal_form"), SlotSet("requested_slot", "grounds"))


def _intent(text, *ranking, tracker=None):
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={TEXT: text, INTENT: entries[0], INTENT_RANKING_KEY: entries})
    [processed] = SpeechAct().process([message], tracker)
    return processed.get(INTENT)


@pytest.mark.parametrize("text, diet", [
    ("Jag har sex års erfarenhet av sjukpenningärenden och en högskoleexamen", "out_of_scope"),
    ("jurist på rättsenheten", "faq"),
    ("anslaget kom upp 18 november", "compute_deadline"),
])
def test_a_statement_in_a_form_is_the_answer(text, diet):
    assert _intent(text, (diet, 0.9), ("inform", 0.1), tracker=_tracker(*IN_THE_APPEAL_FORM)) == {
        "name": "inform", "confidence": 1.0}


@pytest.mark.parametrize("text", ["medan jag väntar, kan jag söka sjukpenning?", "hur lång tid har jag kvar"])
def test_a_question_in_a_form_interrupts_it(text):
    assert _intent(text, ("faq", 0.9), ("inform", 0.1), tracker=_tracker(*IN_THE_APPEAL_FORM))["name"] == "faq"


@pytest.mark.parametrize("diet", ["stop", "correct_field", "human_handoff", "affirm"])
def test_requests_in_a_form_keep_their_intent(diet):
    assert _intent("avbryt", (diet, 0.9), ("inform", 0.1), tracker=_tracker(*IN_THE_APPEAL_FORM))["name"] == diet


def test_outside_a_form_a_statement_keeps_diets_intent():
    assert _intent("jurist på rättsenheten", ("faq", 0.9), ("inform", 0.1), tracker=_tracker())["name"] == "faq"
    assert _intent("jurist på rättsenheten", ("faq", 0.9), ("inform", 0.1))["name"] == "faq"


def test_a_greeting_in_front_of_a_question_is_the_question():
    intent = _intent("hej har jag foretradesratt?", ("greet", 0.6), ("check_reemployment", 0.3), ("faq", 0.1))
    assert intent == {"name": "check_reemployment", "confidence": 0.75}


def test_a_greeting_alone_stays_a_greeting():
    assert _intent("Hejsan! God morgon", ("greet", 0.6), ("faq", 0.4))["name"] == "greet"


def test_a_button_payload_is_left_alone():
    assert _intent('/inform{"grounds":"x"}', ("faq", 0.9), ("inform", 0.1),
                   tracker=_tracker(*IN_THE_APPEAL_FORM))["name"] == "faq"


@pytest.mark.parametrize("text, diet", [
    ("okej, och om jag missar det?", "affirm"),
    ("nej, hur gör man då", "deny"),
    ("tack! hur lång tid har jag på mig?", "thank"),
])
def test_small_talk_in_front_of_a_question_is_the_question(text, diet):
    intent = _intent(text, (diet, 0.6), ("followup_next", 0.3), ("faq", 0.1))
    assert intent == {"name": "followup_next", "confidence": 0.75}


@pytest.mark.parametrize("text, diet", [
    ("okej tack!", "thank"),  # no more than small talk
    ("ja, det stämmer", "affirm"),  # an answer, not a question
    ("nej, bara en", "deny"),
])
def test_small_talk_and_answers_keep_their_intent(text, diet):
    assert _intent(text, (diet, 0.6), ("faq", 0.4), tracker=_tracker(*IN_THE_APPEAL_FORM))["name"] == diet
    assert _intent(text, (diet, 0.6), ("faq", 0.4))["name"] == diet

