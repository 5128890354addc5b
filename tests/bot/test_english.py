"""English messages: recognised conservatively (bot/language.py), their topic read (bot/english_topics.py),
marked by the NLU component (bot/english.py) and answered in English per employer (actions/english.py,
data/faq/en/)."""
import asyncio

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.english import SWEDISH_NOTE, ActionAnswerInEnglish
from bot.english import ENGLISH_INTENT, EnglishMessage
from bot.english_topics import OTHER_TOPIC, TOPIC_ENTITY, TOPICS, topic_of
from bot.language import is_english, words_to_judge
from hiring_rules.agencies import default_registry
from hiring_rules.faq import default_english_faq


@pytest.mark.parametrize(
    "text",
    [
        "Could you tell me how to appeal against a recruitment decision?",
        "Where should I post my appeal to Migrationsverket?",
        "How many weeks do I have before the appeal is too late?",
        "I was made redundant by Försäkringskassan, do I have a right to be hired again?",
        "Which phone number should I use to reach the recruitment team at FK?",
    ],
)
def test_english_questions_are_recognised(text):
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "hur overklagar jag beslutet",  # Swedish without å/ä/ö
        "ok thanks",  # too short to tell
        "hello",
        "FK 2026/012345",
        "Försäkringskassan Migrationsverket Karlstads kommun",  # names are no language
        "hej, how do I appeal this decision?",  # mixed stays Swedish
        "jag vill göra en appeal till migrationsverket",
        "sorry men jag förstår inte vad du menar",
        "trainee it fk",
        "tack for hjalpen",
        "blankett för körkortstillstånd hos transportstyrelsen",  # å, ä, ö: no English word has them
        "parkeringstillstånd för rörelsehindrade hos Karlstads kommun",
    ],
)
def test_swedish_short_and_mixed_messages_are_not_english(text):
    assert not is_english(text)


def test_the_employers_names_and_quoted_terms_are_not_judged():
    assert words_to_judge("Can I appeal to Statens överklagandenämnd from Karlstads kommun?") == [
        "can", "i", "appeal", "to", "from",
    ]
    assert words_to_judge("Does Forsakringskassan or Forsäkringskassan have foretradesratt?") == [
        "does", "or", "have",
    ]


def test_the_words_are_judged_as_written():
    assert words_to_judge("Blankett för körkortstillstånd") == ["blankett", "för", "körkortstillstånd"]


@pytest.mark.parametrize(
    "text, topic",
    [
        ("How do I appeal the decision?", "appeal_how"),
        ("Someone else got the job, what can I do?", "appeal_how"),
        ("When is the last day I can appeal?", "appeal_deadline"),
        ("Does the time start from the e-mail or the posting?", "appeal_deadline"),
        ("What is the postal address for appeals?", "appeal_address"),
        ("Can I send it by e-mail?", "appeal_address"),
        ("How can I reach HR?", "contact_hr"),
        ("Who should I ask about the recruitment?", "contact_hr"),
        ("I was laid off, do I have priority to be re-employed?", "reemployment"),
        ("What is företrädesrätt?", "reemployment"),
        ("What is the weather like today?", OTHER_TOPIC),
    ],
)
def test_the_topic_of_an_english_message(text, topic):
    assert topic_of(text) == topic


def test_every_topic_has_an_english_answer():
    items = set(default_english_faq().items)
    assert {topic for topic, _ in TOPICS} | {OTHER_TOPIC, SWEDISH_NOTE} == items


def _parsed(text: str, intent: str, *others: str) -> Message:
    message = Message({TEXT: text})
    ranking = [{"name": name, "confidence": c} for name, c in zip((intent, *others), (0.7, 0.2, 0.1))]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def test_the_component_marks_an_english_message_with_its_topic():
    (message,) = EnglishMessage().process([_parsed("How long do I have to appeal the decision?", "out_of_scope", "faq")])
    assert message.get(INTENT) == {"name": ENGLISH_INTENT, "confidence": 1.0}
    # DIET's Swedish guesses follow with no confidence: no close second for FallbackClassifier.
    assert [(r["name"], r["confidence"]) for r in message.get(INTENT_RANKING_KEY)] == [
        (ENGLISH_INTENT, 1.0), ("out_of_scope", 0.0), ("faq", 0.0)]
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [(TOPIC_ENTITY, "appeal_deadline")]


def test_diets_english_for_a_swedish_message_gives_way_to_its_next_intent():
    (message,) = EnglishMessage().process([_parsed("hur lång tid har jag på mig", ENGLISH_INTENT, "faq", "greet")])
    assert message.get(INTENT)["name"] == "faq"
    assert ENGLISH_INTENT not in [r["name"] for r in message.get(INTENT_RANKING_KEY)]
    assert not message.get(ENTITIES)


def test_a_swedish_message_keeps_its_intent():
    (message,) = EnglishMessage().process([_parsed("hur överklagar jag", "faq", "start_appeal")])
    assert message.get(INTENT) == {"name": "faq", "confidence": 0.7}


def _said(topic: str, agency: str | None) -> dict:
    message = {"text": "...", "intent": {"name": ENGLISH_INTENT, "confidence": 1.0},
               "entities": [{"entity": TOPIC_ENTITY, "value": topic}]}
    tracker = Tracker("test", {"agency": agency}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswerInEnglish().run(dispatcher, tracker, {}))
    (said,) = dispatcher.messages
    return said


@pytest.mark.parametrize("agency", [None, *default_registry().keys()])
@pytest.mark.parametrize("topic", [topic for topic, _ in TOPICS])
def test_every_answer_ends_with_the_note_on_swedish(topic, agency):
    said = _said(topic, agency)
    note = default_english_faq().answer(SWEDISH_NOTE)
    assert said["text"].startswith(default_english_faq().answer(topic, agency).text)
    assert said["text"].endswith(note.text)
    assert said["buttons"] == [{"title": "Fortsätt på svenska", "payload": "/help_menu"}]


def test_the_appeal_address_is_the_registrys():
    agency = default_registry().get("forsakringskassan")
    text = _said("appeal_address", agency.key)["text"]
    assert ", ".join(agency.appeal_address) in text and agency.envelope_marking in text
    assert default_registry().get("migrationsverket").appeal_email in _said("appeal_address", "migrationsverket")["text"]


def test_a_municipality_has_no_appeal_to_the_state_board():
    for topic in ("appeal_how", "appeal_address", "appeal_deadline"):
        assert "cannot be appealed to Statens överklagandenämnd" in _said(topic, "karlstads_kommun")["text"]


def test_the_deadline_runs_from_the_posting_not_the_e_mail():
    for agency in (None, "forsakringskassan", "migrationsverket"):
        text = _said("appeal_deadline", agency)["text"]
        assert "three weeks" in text and "posted" in text and "not from the day you got the e-mail" in text


def test_another_english_question_gets_the_short_reply_without_the_note():
    said = _said(OTHER_TOPIC, "migrationsverket")
    assert said["text"] == default_english_faq().answer(OTHER_TOPIC).text
    assert "in Swedish" in said["text"]


def _forms_and_text_mappings():
    from rasa.shared.core.domain import Domain

    domain = Domain.load("bot/domain")
    forms = set(domain.form_names)
    for slot in domain.slots:
        for mapping in slot.mappings:
            loops = {condition.get("active_loop") for condition in mapping.get("conditions", [])} & forms
            if mapping.get("type") == "from_text" and loops:
                yield slot.name, mapping, loops


def test_an_english_message_fills_no_field_of_any_form():
    """The letters are written in Swedish: an English message in a form is answered in English
    (data/rules/english.yml) and the form's question is asked again, so no form's free-text answer may
    take it."""
    mappings = list(_forms_and_text_mappings())
    assert mappings
    taking_english = [(slot, sorted(loops)) for slot, mapping, loops in mappings
                      if ENGLISH_INTENT not in mapping.get("not_intent", [])]
    assert not taking_english


def test_every_form_has_the_english_rule():
    import yaml
    from rasa.shared.core.domain import Domain

    rules = yaml.safe_load(open("data/rules/english.yml", encoding="utf-8"))["rules"]
    answered_in = {
        condition["active_loop"]
        for rule in rules
        for condition in rule.get("condition", [])
        if "active_loop" in condition and {"intent": ENGLISH_INTENT} in rule["steps"]
    }
    assert set(Domain.load("bot/domain").form_names) <= answered_in
