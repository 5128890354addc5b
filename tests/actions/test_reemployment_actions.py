"""The re-employment walk-through's actions: ValidateReemploymentForm and the verdict, on rasa_sdk
trackers built here (no model, no servers)."""
import asyncio
import datetime as dt
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.reemployment_form import (
    WALK_THROUGH_SLOTS,
    ActionAssessReemployment,
    ActionResetReemploymentForm,
    ActionStartReemployment,
    ValidateReemploymentForm,
)
from actions.reemployment_notice import OFFERED_SLOT as NOTICE_OFFERED
from hiring_rules import messages

TODAY = dt.date(2026, 6, 1)
DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"


@pytest.fixture(scope="module")
def domain():
    """The parts of the bot's domain the actions read (forms and slots), merged from bot/domain/."""
    merged = {"forms": {}, "slots": {}, "actions": []}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["forms"].update(part.get("forms") or {})
        merged["slots"].update(part.get("slots") or {})
        merged["actions"] += part.get("actions") or []
    return merged


def _tracker(slots=None, candidates=None, text="", intent="inform", entities=()):
    """A tracker in the form after a user message; `candidates` are the slots just extracted from it."""
    message = {"text": text, "intent": {"name": intent}, "entities": list(entities)}
    events = [{"event": "user", "text": text, "parse_data": message}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (candidates or {}).items()]
    return Tracker(
        sender_id="test",
        slots={"requested_slot": None, **(slots or {}), **(candidates or {})},
        latest_message=message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": "reemployment_form"},
        latest_action_name="action_listen",
    )


# The verdict keeps the answers (for a "what if") and says that they are a verdict's.
VERDICT_EVENTS = [SlotSet("topic", "reemployment_info"), SlotSet("reemployment_assessed", True)]


# A walk-through that starts is not yet a verdict's, and the conversation is on företrädesrätt.
RESTART_EVENTS = [SlotSet("reemployment_assessed", False), SlotSet("topic", "reemployment_info")]


def _start(domain, slots, entities):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionStartReemployment().run(dispatcher, _tracker(slots=slots, entities=entities), domain))
    return [m.get("response") for m in dispatcher.messages], events


VERDICT_SLOTS = {"agency": "migrationsverket", "termination_reason": "arbetsbrist", "employment_type": "vikariat",
                 "months_employed": 14.0, "employment_ended_on": "2026-05-31", "registered": False}


@pytest.mark.parametrize("assessed", [None, False])
def test_before_any_verdict_the_walk_through_keeps_what_the_conversation_told(domain, assessed):
    """"hade ett vikariat som inte förlängdes", then "arbetsbrist sa dom": the kind of employment stays."""
    said, events = _start(domain, {"agency": "migrationsverket", "employment_type": "vikariat",
                                   "reemployment_assessed": assessed},
                          [{"entity": "termination_reason", "value": "arbetsbrist"}])
    assert said == ["utter_reemployment_intro"]
    assert events == RESTART_EVENTS


def test_a_changed_fact_right_after_a_verdict_keeps_the_other_answers(domain):
    """"och om det hade varit säva?": the form has nothing to ask and gives the new verdict."""
    said, events = _start(domain, {**VERDICT_SLOTS, "reemployment_assessed": True},
                          [{"entity": "employment_type", "value": "sava"}])
    assert said == ["utter_reemployment_what_if"]
    assert events == RESTART_EVENTS


def test_asking_again_after_a_verdict_without_a_new_fact_starts_afresh(domain):
    said, events = _start(domain, {**VERDICT_SLOTS, "reemployment_assessed": True}, [])
    assert said == ["utter_reemployment_intro"]
    assert {e["name"] for e in events if e["value"] is None} == set(WALK_THROUGH_SLOTS)



def _run_validation(domain, tracker):
    """The form validation's events and what it said; the next question (`requested_slot`) apart."""
    dispatcher = CollectingDispatcher()
    validator = ValidateReemploymentForm(today=lambda: TODAY)
    events = asyncio.run(validator.run(dispatcher, tracker, domain))
    asked = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "requested_slot"]
    events = [e for e in events if not (e.get("event") == "slot" and e.get("name") == "requested_slot")]
    return events, [m["text"] for m in dispatcher.messages], asked


def _validate(domain, slot, value, **kwargs):
    events, said, _ = _run_validation(domain, _tracker(candidates={slot: value}, **kwargs))
    return events, said


@pytest.mark.parametrize("reason", ["egen_uppsagning", "personliga_skal"])
def test_a_reason_other_than_arbetsbrist_ends_the_questions(domain, reason):
    slots = {"agency": "forsakringskassan"}
    events, _, asked = _run_validation(domain, _tracker(slots=slots, candidates={"termination_reason": reason}))
    assert events == [SlotSet("termination_reason", reason)]
    assert asked == [None]  # nothing more to ask: the form ends and the verdict follows


@pytest.mark.parametrize("known, questions", [
    ({"termination_reason": "arbetsbrist"}, ["agency", *WALK_THROUGH_SLOTS]),
    ({"termination_reason": "arbetsbrist", "employment_type": "annan_visstid"},
     ["agency", "termination_reason", "employment_type"]),
    ({"termination_reason": "egen_uppsagning"}, ["agency", "termination_reason"]),
    # 8 months of a vikariat can never be enough: neither the end date nor a registration is asked for
    ({"termination_reason": "arbetsbrist", "employment_type": "vikariat", "months_employed": 8.0},
     ["agency", "termination_reason", "employment_type", "months_employed"]),
    ({"termination_reason": "arbetsbrist", "employment_type": "vikariat", "months_employed": 14.0},
     ["agency", *WALK_THROUGH_SLOTS]),
])
def test_the_form_asks_what_the_verdict_still_depends_on(domain, known, questions):
    validator = ValidateReemploymentForm(today=lambda: TODAY)
    domain_slots = domain["forms"]["reemployment_form"]["required_slots"]
    asked = asyncio.run(validator.required_slots(domain_slots, CollectingDispatcher(), _tracker(slots=known), domain))
    assert asked == questions


def test_the_verdict_of_a_resignation_needs_no_more_facts():
    dispatcher = CollectingDispatcher()
    tracker = _tracker(slots={"agency": "forsakringskassan", "termination_reason": "egen_uppsagning"})
    asyncio.run(ActionAssessReemployment(today=lambda: TODAY).run(dispatcher, tracker, {}))
    said = " ".join(m.get("response") or m.get("text") or "" for m in dispatcher.messages)
    assert "utter_reemployment_not_eligible" in said


def test_domain_form_asks_the_employer_first_then_the_walk_through_slots(domain):
    assert domain["forms"]["reemployment_form"]["required_slots"] == ["agency", *WALK_THROUGH_SLOTS]
    actions = ("validate_reemployment_form", "action_assess_reemployment", "action_reset_reemployment_form")
    assert set(actions) <= set(domain["actions"])


# --- valid answers are stored as the core's values ---

# Answers each slot takes, with the value stored.
VALID_ANSWERS = {
    "termination_reason": [
        ("arbetsbrist", "arbetsbrist"),
        ("Jag sa upp mig själv", "egen_uppsagning"),
        ("personliga skäl", "personliga_skal"),
    ],
    "employment_type": [
        ("sava", "sava"),
        ("Särskild visstidsanställning (SÄVA)", "sava"),
        ("jag hade ett vikariat", "vikariat"),
    ],
    "months_employed": [("14", 14.0), ("14 månader", 14.0), ("ett och ett halvt år", 18.0), ("2 år", 24.0)],
    "employment_ended_on": [
        ("31 maj 2026", "2026-05-31"),
        ("igår", "2026-05-31"),
        ("2026-08-31", "2026-08-31"),  # notice given, the employment ends later
    ],
    "registered": [
        (True, True), (False, False), ("nej, inte än", False), ("ja det har jag gjort", True)
    ],
    "agency": [("migrationsverket", "migrationsverket")],
}


@pytest.mark.parametrize(
    "slot, answer, stored",
    [(slot, answer, stored) for slot, answers in VALID_ANSWERS.items() for answer, stored in answers],
)
def test_valid_answer_is_stored_without_complaint(domain, slot, answer, stored):
    events, said = _validate(domain, slot, answer)
    assert events == [SlotSet(slot, stored)]
    assert said == []


# --- invalid answers: the core's Swedish message, the slot emptied so the form asks again ---

@pytest.mark.parametrize(
    "slot, answer, message",
    [
        ("termination_reason", "vet inte riktigt", messages.TERMINATION_REASON_UNREADABLE),
        ("termination_reason", "det var inte arbetsbrist", messages.TERMINATION_REASON_UNREADABLE),
        ("employment_type", "visstid", messages.EMPLOYMENT_TYPE_UNREADABLE),
        ("months_employed", "ganska länge", messages.MONTHS_UNREADABLE.format(value="ganska länge")),
        ("months_employed", "900 månader", messages.MONTHS_INVALID),
        ("registered", "kanske", messages.YES_NO_UNREADABLE),
    ],
)
def test_invalid_answer_is_explained_and_asked_again(domain, slot, answer, message):
    events, said = _validate(domain, slot, answer)
    assert events == [SlotSet(slot, None)]
    assert said == [message]


def test_an_answer_to_another_question_is_kept_and_the_question_asked_again_without_complaint(domain):
    """"16 mån" when the form asks for the kind of employment: the months are an answer, not a wrong one."""
    slots = {"agency": "migrationsverket", "termination_reason": "arbetsbrist"}
    candidates = {"employment_type": "16 mån", "months_employed": 16.0}
    tracker = _tracker(slots=slots, candidates=candidates, text="16 mån",
                       entities=[{"entity": "months_employed", "value": 16.0}])
    events, said, _ = _run_validation(domain, tracker)
    assert SlotSet("employment_type", None) in events and SlotSet("months_employed", 16.0) in events
    assert said == []


def test_answers_cleared_by_a_new_walk_through_are_not_called_wrong(domain):
    """After a verdict, "kan du kolla igen?" clears the answers; the form then asks, without complaints."""
    cleared = {slot: None for slot in WALK_THROUGH_SLOTS}
    tracker = _tracker(slots={"agency": "migrationsverket"}, candidates=cleared)
    events, said, _ = _run_validation(domain, tracker)
    assert said == []
    assert all(event["value"] is None for event in events if event.get("event") == "slot")


def test_a_date_that_does_not_exist_is_explained(domain):
    events, said = _validate(domain, "employment_ended_on", "45 november")
    assert events == [SlotSet("employment_ended_on", None)]
    assert len(said) == 1 and "45 november" in said[0]


def test_employer_answer_is_read_from_the_text(domain):
    events, said = _validate(domain, "agency", "jag var på FK", text="jag var på FK")
    assert events == [SlotSet("agency", "forsakringskassan")]
    assert said == []


def test_employer_button_payload_is_read_from_its_entity(domain):
    payload = '/inform_agency{"agency":"karlstads_kommun"}'
    entities = [{"entity": "agency", "value": "karlstads_kommun"}]
    events, _ = _validate(domain, "agency", payload, text=payload, entities=entities)
    assert events == [SlotSet("agency", "karlstads_kommun")]


def test_unknown_employer_is_explained_and_asked_again(domain):
    events, said = _validate(domain, "agency", "Skatteverket", text="Skatteverket")
    assert events == [SlotSet("agency", None)]
    assert said == [
        messages.AGENCY_NOT_RECOGNISED.format(
            value="Skatteverket", names="Försäkringskassan, Migrationsverket, Karlstads kommun"
        )
    ]


# --- another question in the middle: the form steps aside for the rules, or keeps a readable answer ---

@pytest.mark.parametrize("intent", ["faq", "human_handoff", "out_of_scope", "bot_challenge", "nlu_fallback"])
def test_unreadable_answer_with_another_question_intent_rejects_the_form_turn_silently(domain, intent):
    question = "vad räknas som arbetsbrist?"
    events, said = _validate(domain, "termination_reason", question, text=question, intent=intent)
    assert events == [SlotSet("termination_reason", None), ActionExecutionRejected("reemployment_form")]
    assert said == []


def test_asking_again_after_the_faq_was_answered_is_not_rejected(domain):
    """After the rules answered the FAQ, the form runs with nothing to validate and must ask again."""
    question = "vad räknas som arbetsbrist?"
    tracker = _tracker(text=question, intent="faq")
    tracker.events += [{"event": "action", "name": name} for name in ("utter_faq", "reemployment_form")]
    validator = ValidateReemploymentForm(today=lambda: TODAY)
    events = asyncio.run(validator.run(CollectingDispatcher(), tracker, domain))
    assert events == []


def test_readable_answer_classified_as_faq_is_kept(domain):
    """Short answers like "säva" look like FAQ questions to NLU; the form keeps them."""
    events, said = _validate(domain, "employment_type", "säva", text="säva", intent="faq")
    assert events == [SlotSet("employment_type", "sava")]
    assert said == []


def test_unknown_employer_in_an_faq_question_hands_over(domain):
    question = "hur lång är intervjun?"
    events, said = _validate(domain, "agency", question, text=question, intent="faq")
    assert events == [SlotSet("agency", None), ActionExecutionRejected("reemployment_form")]
    assert said == []


def test_an_faq_naming_the_employer_sets_it_and_hands_over(domain):
    question = "hur lång är intervjun på FK?"
    events, _ = _validate(domain, "agency", question, text=question, intent="faq")
    assert events == [SlotSet("agency", "forsakringskassan"), ActionExecutionRejected("reemployment_form")]


def test_question_while_asked_whether_registered_hands_over(domain):
    question = "vad betyder anmält anspråk?"
    events, said = _validate(domain, "registered", question, text=question, intent="faq")
    assert events == [SlotSet("registered", None), ActionExecutionRejected("reemployment_form")]


# --- the verdict ---

def _assess(**slots):
    answers = {
        "agency": "forsakringskassan",
        "termination_reason": "arbetsbrist",
        "employment_type": "tillsvidare",
        "months_employed": 14.0,
        "employment_ended_on": "2026-05-31",
        "registered": False,
        **slots,
    }
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAssessReemployment(today=lambda: TODAY).run(dispatcher, _tracker(answers), {}))
    return dispatcher.messages, events


def test_eligible_at_forsakringskassan_gives_date_reasons_how_to_register_and_offers_the_notice():
    said, events = _assess()
    assert [m["response"] for m in said] == [
        "utter_reemployment_eligible", "utter_reemployment_reasons", "utter_offer_reemployment_notice",
    ]
    assert said[2]["employer"] == "Försäkringskassan"
    assert said[0]["employer"] == "Försäkringskassan"
    assert said[0]["valid_until"] == "28 februari 2027"
    reasons = said[1]["reasons"]
    assert messages.REASON_REGISTER_REQUIRED.format(name="Försäkringskassan") in reasons
    assert "forsakringskassan.se" in reasons  # the registry's how_to_register
    assert all(line.startswith("• ") for line in reasons.splitlines())
    assert events == VERDICT_EVENTS + [SlotSet(NOTICE_OFFERED, True)]


def test_eligible_where_the_registry_gives_no_instructions_points_to_hr_and_offers_nothing():
    said, events = _assess(agency="migrationsverket")
    assert [m["response"] for m in said] == [
        "utter_reemployment_eligible", "utter_reemployment_reasons", "utter_reemployment_register_contact",
    ]
    assert "rekrytering@migrationsverket.se" in said[2]["contacts"]
    assert SlotSet(NOTICE_OFFERED, None) in events


def test_already_registered_at_forsakringskassan_is_offered_no_notice():
    said, events = _assess(registered=True)
    assert "utter_offer_reemployment_notice" not in [m["response"] for m in said]
    assert SlotSet(NOTICE_OFFERED, None) in events


def test_eligible_and_already_registered_needs_no_registration_advice():
    said, _ = _assess(agency="migrationsverket", registered=True)
    assert [m["response"] for m in said] == ["utter_reemployment_eligible", "utter_reemployment_reasons"]
    assert messages.REASON_REGISTERED in said[1]["reasons"]


def test_resigning_gives_no_priority():
    said, events = _assess(termination_reason="egen_uppsagning")
    assert [m["response"] for m in said] == ["utter_reemployment_not_eligible", "utter_reemployment_reasons"]
    assert messages.REASON_NOT_ARBETSBRIST["egen_uppsagning"] in said[1]["reasons"]
    assert events == VERDICT_EVENTS + [SlotSet(NOTICE_OFFERED, None)]


def test_expired_priority_is_not_eligible_and_says_until_when_it_lasted():
    said, _ = _assess(employment_ended_on="2025-01-31")
    assert said[0]["response"] == "utter_reemployment_not_eligible"
    assert "31 oktober 2025" in said[1]["reasons"]


def test_stopping_clears_the_answers_but_keeps_the_employer():
    events = asyncio.run(ActionResetReemploymentForm().run(CollectingDispatcher(), _tracker(), {}))
    assert events == [SlotSet(slot, None) for slot in WALK_THROUGH_SLOTS] + [SlotSet("reemployment_assessed", False)]
    assert "agency" not in WALK_THROUGH_SLOTS
