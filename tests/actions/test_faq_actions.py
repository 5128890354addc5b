"""action_answer_faq and action_answer_in_context: the topic kept, follow-ups read in its light."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import (
    FOLLOWUPS, MIN_ANSWER_CONFIDENCE, NOT_IN_PAGES_LEAD, ActionAnswerFaq, ActionAnswerInContext,
    selected_item,
)
from hiring_rules.faq import default_faq


def _message(intent: str, item: str | None = None, confidence: float = 0.9, ranking: tuple = ()) -> dict:
    message = {"text": "...", "intent": {"name": intent, "confidence": 0.9}}
    if item:
        message["response_selector"] = {
            "faq": {
                "response": {"intent_response_key": f"faq/{item}", "confidence": confidence},
                # the rest of the probability, falling, over the other items ranked
                "ranking": [
                    {"intent_response_key": f"faq/{key}",
                     "confidence": confidence if rank == 0 else (1 - confidence) / 2 ** rank}
                    for rank, key in enumerate((item, *ranking))
                ],
            }
        }
    return message


def _said(message: dict, agency: str | None) -> str:
    """The response a message is, or "utter_faq/<item>" for the FAQ answer whose text it is."""
    if message.get("response"):
        return message["response"]
    items = [reply.item for reply in default_faq() if (reply.agency, reply.text) == (agency, message["text"])]
    assert len(items) == 1, message
    return f"utter_faq/{items[0]}"


def _run(action, message: dict, **slots):
    tracker = Tracker("test", slots, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return [_said(m, slots.get("agency")) for m in dispatcher.messages], events


def _topic(events) -> str | None:
    return next((e["value"] for e in events if e.get("name") == "topic"), None)


def test_an_faq_answer_keeps_its_item_as_the_topic():
    responses, events = _run(ActionAnswerFaq(), _message("faq", "appeal_how"))
    assert responses == ["utter_faq/appeal_how"] and _topic(events) == "appeal_how"


def test_the_time_to_appeal_once_the_posting_day_is_known_is_that_cases_last_day():
    """"anslaget kom upp 20 november, när är sista dagen?", then "och hur lång tid har jag?"."""
    message = _message("followup_time")
    known = {"agency": "migrationsverket", "decision_posted_on": "2026-11-20"}
    responses, events = _run(ActionAnswerInContext(), message, topic="appeal_address", **known)
    assert responses[0] == "utter_appeal_deadline" and _topic(events) == "appeal_deadline"
    responses, _ = _run(ActionAnswerInContext(), message, topic="appeal_address", agency="migrationsverket")
    assert responses == ["utter_faq/appeal_deadline"]  # no posting day: the rule, and how to compute it
    responses, _ = _run(ActionAnswerInContext(), message, topic="appeal_address", agency="karlstads_kommun",
                        decision_posted_on="2026-11-20")
    assert responses == ["utter_faq/appeal_deadline"]  # no appeal route: the kommun's own answer


def test_why_after_a_known_last_day_is_how_it_was_counted():
    """"varför inte 3 april?" after the last day: the deadline again, with its explanation."""
    responses, events = _run(ActionAnswerInContext(), _message("followup_why"), topic="appeal_deadline",
                             agency="forsakringskassan", decision_posted_on="2026-03-13")
    assert responses[0] == "utter_appeal_deadline" and _topic(events) == "appeal_deadline"


def test_a_question_after_the_last_day_was_told_is_a_new_one():
    """"och vart skickar jag den?" right after the last day: the selector's answer, not the date again."""
    message = _message("faq", "appeal_address", 0.2, ranking=("appeal_how", "appeal_deadline"))
    told = {"topic": "appeal_deadline", "agency": "forsakringskassan", "decision_posted_on": "2026-11-20"}
    responses, events = _run(ActionAnswerFaq(), message, **told)
    assert responses == ["utter_faq/appeal_address"] and _topic(events) == "appeal_address"
    responses, _ = _run(ActionAnswerFaq(), message, topic="appeal_deadline", agency="forsakringskassan")
    assert responses == ["utter_faq/appeal_deadline"]  # no day known: the topic's answer, as before


def test_appealing_asked_right_after_what_happens_after_the_appeal_is_about_the_boards_decision():
    message = _message("faq", "appeal_how", 0.9)
    responses, _ = _run(ActionAnswerFaq(), message, topic="after_appeal", agency="forsakringskassan")
    assert responses == ["utter_faq/after_appeal"]
    responses, _ = _run(ActionAnswerFaq(), message, topic="interview", agency="forsakringskassan")
    assert responses == ["utter_faq/appeal_how"]


def test_an_unsure_selection_gets_the_honest_answer_not_the_nearest():
    responses, events = _run(ActionAnswerFaq(), _message("faq", "it_department", MIN_ANSWER_CONFIDENCE - 0.01))
    assert responses == ["utter_faq/not_in_pages"] and _topic(events) == "not_in_pages"


def test_an_unsure_question_after_an_answer_is_read_as_its_follow_up():
    message = _message("faq", "not_in_pages", 0.2, ranking=("interview", "documents_request"))
    responses, _ = _run(ActionAnswerFaq(), message, topic="documents_request")
    assert responses == ["utter_faq/documents_request"]


def test_after_the_pages_silence_an_unsure_question_is_read_on_its_own():
    """"ok och intervjuerna, hur går de till?" after "det står inte på arbetsgivarens sidor"."""
    message = _message("faq", "interview", 0.35, ranking=("references", "not_in_pages"))
    responses, _ = _run(ActionAnswerFaq(), message, topic="not_in_pages")
    assert responses == ["utter_faq/interview"]
    responses, _ = _run(ActionAnswerFaq(), message, topic="references")  # a subject: read in its light
    assert responses == ["utter_faq/references"]


def test_a_sure_answer_is_given_whatever_the_topic():
    message = _message("faq", "interview", 0.9, ranking=("documents_request",))
    responses, events = _run(ActionAnswerFaq(), message, topic="documents_request")
    assert responses == ["utter_faq/interview"] and _topic(events) == "interview"


def test_the_documents_request_intent_gets_the_documents_answer():
    responses, _ = _run(ActionAnswerFaq(), _message("request_documents"))
    assert responses == ["utter_faq/documents_request"]


# The response a follow-up gets, by its intent and the topic it follows (None: no topic yet).
FOLLOW_UPS = {
    "followup_time": {
        "appeal_how": "utter_faq/appeal_deadline", "appeal_address": "utter_faq/appeal_deadline",
        "interview": "utter_faq/duration", "reemployment_info": "utter_faq/reemployment_info",
        "result_notice": "utter_faq/appeal_deadline",
        # an answer that gives no time: the pages do not say
        "general_interest": "utter_faq/not_in_pages", "onboarding": "utter_faq/not_in_pages",
        None: "utter_faq/appeal_deadline",
    },
    "followup_next": {
        "appeal_how": "utter_faq/after_appeal", "interview": "utter_faq/references",
        "documents_request": "utter_faq/appeal_grounds",
    },
    "followup_how": {
        "reemployment_info": "utter_faq/reemployment_register", "appeal_deadline": "utter_faq/appeal_how",
        "appeal_grounds": "utter_faq/appeal_grounds", "application_public": "utter_faq/documents_request",
        "general_interest": "utter_faq/general_interest",
        "reemployment_use": "utter_faq/reemployment_register",
        None: "utter_ask_rephrase",
    },
    "followup_why": {
        "appeal_chances": "utter_faq/appeal_chances", "reemployment_info": "utter_faq/reemployment_info",
        "appeal_deadline": "utter_faq/appeal_deadline",
        # a topic the table does not name: its own answer gives the reason
        "protected_identity": "utter_faq/protected_identity",
        None: "utter_ask_rephrase",
    },
    # "vad menar du?": the topic's answer again, whatever it is; nothing to explain before a topic
    "followup_clarify": {
        "late_appeal": "utter_faq/late_appeal", "reemployment_info": "utter_faq/reemployment_info",
        "appeal_how": "utter_faq/appeal_how", None: "utter_ask_rephrase",
    },
}


@pytest.mark.parametrize(
    "intent, topic, expected",
    [
        (intent, topic, expected)
        for intent, by_topic in FOLLOW_UPS.items()
        for topic, expected in by_topic.items()
    ],
)
def test_a_follow_up_is_answered_for_the_topic(intent, topic, expected):
    responses, _ = _run(ActionAnswerInContext(), _message(intent), topic=topic, agency="forsakringskassan")
    assert responses == [expected]


@pytest.mark.parametrize("intent", ["followup_why", "followup_next"])
@pytest.mark.parametrize("topic", ["appeal_how", "appeal_deadline"])
def test_why_or_what_now_after_the_municipality_has_no_appeal_route_gets_the_reason_and_what_to_do(intent, topic):
    responses, _ = _run(ActionAnswerInContext(), _message(intent), topic=topic, agency="karlstads_kommun")
    assert responses == ["utter_why_no_appeal_route"]


def test_naming_another_employer_answers_the_same_question_again():
    responses, events = _run(ActionAnswerInContext(), _message("inform_agency"), topic="appeal_address",
                             agency="migrationsverket")
    assert responses == ["utter_faq/appeal_address"] and _topic(events) == "appeal_address"


def test_naming_an_employer_without_a_topic_is_acknowledged():
    responses, events = _run(ActionAnswerInContext(), _message("inform_agency"), topic=None, agency="migrationsverket")
    assert responses == ["utter_agency_noted"] and events == []


def test_every_follow_up_answer_is_an_faq_item_of_the_domain():
    from tests.hiring_rules.test_faq_content import FAQ_ITEMS

    for table in FOLLOWUPS.values():
        assert set(table.values()) <= set(FAQ_ITEMS)
        assert set(table) - {None} <= set(FAQ_ITEMS)


def test_an_unsure_message_without_a_sure_answer_is_asked_again():
    responses, events = _run(ActionAnswerFaq(), _message("nlu_fallback", "selection", 0.3), topic=None)
    assert responses == ["utter_ask_rephrase"] and events == []


def test_an_unsure_message_that_follows_the_topic_is_answered():
    message = _message("nlu_fallback", "selection", 0.3, ranking=("trainee",))
    responses, _ = _run(ActionAnswerFaq(), message, topic="trainee")
    assert responses == ["utter_faq/trainee"]


def test_a_message_nlu_was_unsure_of_follows_the_topic_however_sure_the_selector_is():
    """"kan jag mejla det istället?" after the appeal's address: not how to apply by e-mail."""
    message = _message("nlu_fallback", "how_to_apply", 0.64, ranking=("appeal_address",))
    responses, _ = _run(ActionAnswerFaq(), message, topic="appeal_address", agency="forsakringskassan")
    assert responses == ["utter_faq/appeal_address"]
    # NLU sure: a question of its own
    sure = _message("faq", "how_to_apply", 0.64, ranking=("appeal_address",))
    responses, _ = _run(ActionAnswerFaq(), sure, topic="appeal_address", agency="forsakringskassan")
    assert responses == ["utter_faq/how_to_apply"]


def test_an_unsure_message_on_the_subject_of_the_topic_is_answered():
    """After the verdict of the walk-through, "hur anmäler jag det då" that NLU was unsure of is about
    registering the claim, the selector's first answer on företrädesrätt."""
    message = _message("nlu_fallback", "reemployment_register", 0.42, ranking=("how_to_apply", "duration"))
    responses, _ = _run(ActionAnswerFaq(), message, topic="reemployment_info")
    assert responses == ["utter_faq/reemployment_register"]
    elsewhere = _message("nlu_fallback", "how_to_apply", 0.42, ranking=("duration", "selection"))
    assert _run(ActionAnswerFaq(), elsewhere, topic="reemployment_info")[0] == ["utter_ask_rephrase"]


def test_an_unsure_question_stays_on_the_subject_of_the_topic():
    """After the answer on how to appeal, "vart skickar jag det?" is about the appeal, not the job
    application the selector slightly preferred."""
    message = _message("faq", "how_to_apply", 0.45, ranking=("appeal_address", "duration"))
    responses, _ = _run(ActionAnswerFaq(), message, topic="appeal_how")
    assert responses == ["utter_faq/appeal_address"]


def test_an_unsure_question_on_another_subject_without_a_candidate_keeps_its_answer():
    message = _message("faq", "interview", 0.45, ranking=("tests", "selection"))
    responses, _ = _run(ActionAnswerFaq(), message, topic="appeal_how")
    assert responses == ["utter_faq/interview"]


def test_a_follow_up_before_any_topic_gets_the_answer_the_selector_is_sure_of():
    sure = _message("followup_why", "appeal_chances", 0.8)
    responses, events = _run(ActionAnswerInContext(), sure, topic=None)
    assert responses == ["utter_faq/appeal_chances"] and _topic(events) == "appeal_chances"
    unsure = _message("followup_why", "appeal_chances", 0.3)
    assert _run(ActionAnswerInContext(), unsure, topic=None)[0] == ["utter_ask_rephrase"]


@pytest.mark.parametrize(
    "lead, chosen", [(NOT_IN_PAGES_LEAD - 0.05, "interview"), (NOT_IN_PAGES_LEAD + 0.05, "not_in_pages")]
)
def test_the_pages_silence_is_chosen_only_with_a_clear_lead(lead, chosen):
    ranking = [{"intent_response_key": "faq/not_in_pages", "confidence": 0.1 + lead},
               {"intent_response_key": "faq/interview", "confidence": 0.1}]
    tracker = Tracker("test", {}, {"response_selector": {"faq": {"ranking": ranking}}}, [], False, None, {},
                      "action_listen")
    item, _, items = selected_item(tracker)
    assert item == chosen and sorted(items) == ["interview", "not_in_pages"]
