"""The appeal form's actions with rasa_sdk trackers: every validate_<slot>, corrections, cancelling,
the summary, the letter and the deadline. No Rasa server: the actions are called directly."""
import asyncio
import datetime as dt
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecutionRejected, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.appeal_form import (
    FORM_SLOTS,
    ActionCancelAppeal,
    ActionCorrectAppealField,
    ValidateAppealForm,
)
from actions.deadline import ActionTellAppealDeadline, ValidateDeadlineForm
from actions.letter import ActionAppealLetter, ActionAppealSummary
from bot.signals import ERASE_CONVERSATION
from hiring_rules import letter_link, messages, sealing
from hiring_rules.letter import NoAppealRoute

TODAY = dt.date(2026, 11, 20)  # a Friday
PNR = "19811218-9876"
PNR_DIGITS = ("198112189876", "8112189876", "811218-9876", "9876")
GROUNDS = "Jag har sex års erfarenhet av handläggning och en högre utbildning än den som anställdes."


@pytest.fixture(autouse=True)
def fixed_world(monkeypatch, sealing_key):
    """A sealing key of the test's own and a fixed today."""
    monkeypatch.setattr(clock, "today_in_sweden", lambda: TODAY)


def make_tracker(
    slots=None, text="", entities=None, active_loop="appeal_form", sender="samtal-1", events=None,
    metadata=None,
):
    empty = {"requested_slot": None, "agency": None, **{slot: None for slot in FORM_SLOTS}}
    return Tracker(
        sender_id=sender,
        slots={**empty, **(slots or {})},
        latest_message={
            "text": text, "intent": {"name": "inform"}, "entities": entities or [], "metadata": metadata or {}
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def validate(slot, value, slots=None):
    """Run ValidateAppealForm.validate_<slot> on a user's answer; (result, messages sent)."""
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateAppealForm(), f"validate_{slot}")
    result = method(value, dispatcher, make_tracker(slots, text=str(value)), {})
    return result, dispatcher.messages


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


def texts(sent):
    return [message.get("text") for message in sent]


def responses(sent):
    return [message.get("response") for message in sent]


def assert_no_personnummer(anything):
    dumped = json.dumps(anything, ensure_ascii=False)
    for digits in PNR_DIGITS:
        assert digits not in dumped


def filled_slots(**changes):
    slots = {
        "agency": "forsakringskassan",
        "position": "Handläggare inom sjukförsäkring",
        "diarienummer": "FK 2026/012345",
        "appointee": "",
        "decision_posted_on": "2026-11-10",
        "grounds": GROUNDS,
        "full_name": "Anna Svensson",
        "address": "Storgatan 1, 123 45 Karlstad",
        "personnummer": sealing.seal(PNR),
    }
    slots.update(changes)
    return slots


# --- validate_<slot> ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, key",
    [
        ("forsakringskassan", "forsakringskassan"),
        ("på Migrationsverket", "migrationsverket"),
        ("FK", "forsakringskassan"),
    ],
)
def test_validate_agency_accepts_a_state_agency(value, key):
    assert validate("agency", value) == ({"agency": key}, [])


def test_validate_agency_refuses_an_unknown_employer():
    result, sent = validate("agency", "Skatteverket")
    assert result == {"agency": None}
    assert "Skatteverket" in texts(sent)[0] and "Migrationsverket" in texts(sent)[0]


def test_validate_agency_ends_the_form_for_a_municipality():
    result, sent = validate("agency", "karlstads_kommun")
    assert result == {"agency": "karlstads_kommun", "requested_slot": None}
    assert sent == []  # action_appeal_summary explains


def agency_changed_by(text, requested_slot, metadata=None):
    """validate_agency for an employer that the `agency` slot took from `text` in mid-form."""
    events = [
        {"event": "slot", "name": "agency", "value": "forsakringskassan"},
        {"event": "user", "text": text},
        {"event": "slot", "name": "agency", "value": "karlstads_kommun"},
    ]
    tracker = make_tracker({"requested_slot": requested_slot}, text=text, events=events, metadata=metadata)
    return ValidateAppealForm().validate_agency("karlstads_kommun", CollectingDispatcher(), tracker, {})


def test_an_employer_named_in_another_answer_does_not_change_the_appeal():
    assert agency_changed_by("Storgatan 1, 123 45 Karlstad", "address") == {"agency": "forsakringskassan"}


def test_the_employer_changes_when_asked_for_or_sent_as_metadata():
    ended = {"agency": "karlstads_kommun", "requested_slot": None}
    assert agency_changed_by("Karlstads kommun", "agency") == ended
    assert agency_changed_by("Storgatan 1", "address", metadata={"agency": "karlstads_kommun"}) == ended


def test_validate_full_name():
    assert validate("full_name", "  Anna   Svensson ") == ({"full_name": "Anna Svensson"}, [])
    result, sent = validate("full_name", "Anna")
    assert result == {"full_name": None}
    assert texts(sent) == [messages.NAME_INVALID]


@pytest.mark.parametrize("value", ["Storgatan 1, 123 45 Karlstad", "Storgatan 1\n123 45 Karlstad"])
def test_validate_address_keeps_the_lines_joined(value):
    assert validate("address", value) == ({"address": "Storgatan 1, 123 45 Karlstad"}, [])


def test_validate_address_refuses_an_address_without_postcode():
    result, sent = validate("address", "Storgatan 1 i Karlstad")
    assert result == {"address": None}
    assert texts(sent) == [messages.ADDRESS_INCOMPLETE]


@pytest.mark.parametrize("typed", ["811218-9876", "198112189876", "19811218 9876"])
def test_validate_personnummer_keeps_a_sealed_normalised_number(typed):
    result, sent = validate("personnummer", "mitt personnummer är " + sealing.seal_text(typed))
    assert sent == []
    assert sealing.unseal(result["personnummer"]) == PNR
    assert_no_personnummer(result)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("19811218-9875", messages.PERSONNUMMER_INVALID),  # wrong check digit
        ("20301218-9878", messages.PERSONNUMMER_INVALID),  # born in the future
        ("vet inte", messages.PERSONNUMMER_FORMAT),
        ("81121-9876", messages.PERSONNUMMER_FORMAT),
        ("⟦pnr:gAAAAABforged⟧", messages.PERSONNUMMER_FORMAT),
    ],
)
def test_validate_personnummer_refuses_bad_numbers(typed, message):
    result, sent = validate("personnummer", sealing.seal_text(typed))
    assert result == {"personnummer": None}
    assert texts(sent) == [message]


def test_validate_personnummer_refuses_a_token_from_another_key(sealing_key):
    token = sealing.seal(PNR)
    sealing_key()
    result, sent = validate("personnummer", token)
    assert result == {"personnummer": None}
    assert texts(sent) == [messages.PERSONNUMMER_FORMAT]


def test_validate_personnummer_again_gives_the_same_number():
    first, _ = validate("personnummer", sealing.seal_text("811218-9876"))
    again, sent = validate("personnummer", first["personnummer"])
    assert sent == [] and sealing.unseal(again["personnummer"]) == PNR


def test_validate_position():
    assert validate("position", "Utredare") == ({"position": "Utredare"}, [])
    result, sent = validate("position", "   ")
    assert result == {"position": None}
    assert texts(sent) == [messages.TEXT_EMPTY.format(label=messages.FIELD_LABELS["position"])]


def test_validate_diarienummer():
    assert validate("diarienummer", " FK  2026/012345 ") == ({"diarienummer": "FK 2026/012345"}, [])
    result, sent = validate("diarienummer", "vet inte riktigt vad det är")
    assert result == {"diarienummer": None}
    assert "ser inte ut som ett diarienummer" in texts(sent)[0]


@pytest.mark.parametrize(
    "slot", ["diarienummer", "grounds", "full_name", "position", "appointee", "decision_posted_on"]
)
def test_a_personnummer_in_another_field_is_refused(slot):
    result, sent = validate(slot, "det är " + sealing.seal_text(PNR))
    assert result == {slot: None}
    assert texts(sent) == [messages.PERSONNUMMER_NOT_HERE.format(label=messages.FIELD_LABELS[slot])]


def test_validate_grounds():
    assert validate("grounds", GROUNDS) == ({"grounds": GROUNDS}, [])
    result, sent = validate("grounds", "Bäst.")
    assert result == {"grounds": None}
    assert texts(sent)[0].startswith("Fältet skäl för överklagandet är för kort")


@pytest.mark.parametrize(
    "answer, iso", [("igår", "2026-11-19"), ("den 10 november", "2026-11-10"), ("2026-11-02", "2026-11-02")]
)
def test_validate_decision_posted_on_keeps_an_iso_date(answer, iso):
    assert validate("decision_posted_on", answer) == ({"decision_posted_on": iso}, [])


def test_validate_decision_posted_on_refuses_an_impossible_date():
    result, sent = validate("decision_posted_on", "den 45 november")
    assert result == {"decision_posted_on": None}
    assert texts(sent) == [messages.DATE_IMPOSSIBLE.format(value="den 45 november", month="november", day=45)]


def test_a_posting_day_still_ahead_at_the_forms_question_gets_its_last_day_and_no_date_in_the_letter():
    dispatcher = CollectingDispatcher()
    ahead = [{"entity": "planned_posting_date", "value": "2026-12-04"}]
    tracker = make_tracker({"agency": "forsakringskassan"}, text="det ska anslås 4 december", entities=ahead)
    result = ValidateAppealForm().validate_decision_posted_on("det ska anslås 4 december", dispatcher, tracker, {})
    assert result == {"decision_posted_on": ""}  # not the last 4 December
    assert responses(dispatcher.messages) == [
        "utter_appeal_deadline", "utter_appeal_deadline_planned", "utter_appeal_going_on_without_date"
    ]


def test_validate_decision_posted_on_refuses_a_future_date():
    result, sent = validate("decision_posted_on", "2026-12-01")
    assert result == {"decision_posted_on": None}
    assert texts(sent) == [messages.DATE_IN_FUTURE.format(date="1 december 2026")]


@pytest.mark.parametrize("answer", ["vet inte", "Jag vet inte", "ingen aning", "nej, vet ej"])
def test_validate_decision_posted_on_goes_on_without_a_date_and_says_where_to_find_it(answer):
    result, sent = validate("decision_posted_on", answer, {"agency": "migrationsverket"})
    assert result == {"decision_posted_on": ""}
    assert responses(sent) == [
        "utter_appeal_going_on_without_date", "utter_appeal_posting_date_unknown_at_agency"
    ]
    assert "Slottsgatan 82" in sent[1]["notice_board"]
    assert "rekrytering@migrationsverket.se" in sent[1]["contacts"]


def test_a_posting_day_given_with_the_question_of_the_last_day_is_kept_and_the_question_answered():
    """"beslutet anslogs i måndags, hur lång tid har jag?" while the form asks for the position."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"agency": "forsakringskassan", "requested_slot": "position"}, text="...")
    tracker.latest_message["intent"] = {"name": "compute_deadline"}
    result = ValidateAppealForm().validate_decision_posted_on("2026-11-16", dispatcher, tracker, {})
    assert result == {"decision_posted_on": "2026-11-16"}
    assert responses(dispatcher.messages)[0] == "utter_appeal_deadline"
    assert "7 december 2026" in dispatcher.messages[0]["explanation"]


def test_validate_decision_posted_on_again_says_nothing_for_an_unknown_date():
    assert validate("decision_posted_on", "") == ({"decision_posted_on": ""}, [])


@pytest.mark.parametrize("answer", [
    "nej", "Nej, bara en.", "bara en", "det var bara en person", "ingen", "det var bara en som fick jobbet",
    "de anställde endast en",
])
def test_validate_appointee_empty_when_only_one_was_hired(answer):
    assert validate("appointee", answer) == ({"appointee": ""}, [])


def test_validate_appointee_keeps_the_appointment_named():
    answer = "Tjänsten som Lisa Ek fick"
    assert validate("appointee", answer) == ({"appointee": answer}, [])


def test_the_form_run_ends_for_a_municipality():
    """The whole validation action, as the Rasa server calls it, with the real domain."""
    from rasa.shared.core.domain import Domain

    domain = Domain.load("bot/domain").as_dict()
    tracker = make_tracker(text="kommunen")
    tracker.events = [
        {"event": "action", "name": "appeal_form"},
        {"event": "slot", "name": "agency", "value": "karlstads_kommun"},
    ]
    events, _ = run_with_domain(ValidateAppealForm(), tracker, domain)
    assert SlotSet("agency", "karlstads_kommun") in events
    assert SlotSet("requested_slot", None) in events


def run_with_domain(action, tracker, domain):
    dispatcher = CollectingDispatcher()
    return asyncio.run(action.run(dispatcher, tracker, domain)), dispatcher.messages


# --- corrections ----------------------------------------------------------------------------------


def correct(text, entities=None):
    return run(ActionCorrectAppealField(), make_tracker(filled_slots(), text=text, entities=entities))


def test_correcting_the_personnummer_with_a_new_number():
    text = "personnumret blev fel, det är " + sealing.seal_text("811218-9884")
    events, sent = correct(text)
    assert len(events) == 1 and events[0]["name"] == "personnummer"
    assert sealing.unseal(events[0]["value"]) == "19811218-9884"
    assert responses(sent) == ["utter_appeal_field_corrected"]
    assert_no_personnummer(sent)


@pytest.mark.parametrize(
    "text, slot",
    [
        ("fel adress", "address"),
        ("ändra diarienumret", "diarienummer"),
        ("personnumret är fel", "personnummer"),
        ("jag vill ändra skälen", "grounds"),
        ("fel datum", "decision_posted_on"),
        ("tjänsten heter något annat", "position"),
        ("namnet är felaktigt", "full_name"),
    ],
)
def test_a_correction_without_a_new_value_clears_the_field(text, slot):
    events, sent = correct(text)
    assert events == [SlotSet(slot, None)]
    assert responses(sent) == ["utter_appeal_field_reask"]
    assert sent[0]["field"] == messages.FIELD_LABELS[slot]


@pytest.mark.parametrize(
    "text, slot, value",
    [
        ("ändra adressen till Lillgatan 2, 123 46 Karlstad", "address", "Lillgatan 2, 123 46 Karlstad"),
        ("diarienumret är fel, det ska vara FK 2026/099999", "diarienummer", "FK 2026/099999"),
        ("fel datum, det var 3 november", "decision_posted_on", "2026-11-03"),
        ("namnet ska vara Anna Berg", "full_name", "Anna Berg"),
    ],
)
def test_a_correction_with_a_new_value_sets_it(text, slot, value):
    events, sent = correct(text)
    assert events == [SlotSet(slot, value)]
    assert responses(sent) == ["utter_appeal_field_corrected"]


def test_a_correction_with_a_bad_value_says_why_and_clears_the_field():
    events, sent = correct("fel datum, det var den 45 november")
    assert events == [SlotSet("decision_posted_on", None)]
    assert "finns inte" in texts(sent)[0]


def test_a_correction_button_names_the_field():
    entities = [{"entity": "appeal_field", "value": "appointee"}]
    events, _ = correct("/correct_field", entities)
    assert events == [SlotSet("appointee", None)]


def test_a_correction_of_the_employer_takes_the_one_named():
    events, _ = correct("fel myndighet, det var Migrationsverket")
    assert events == [SlotSet("agency", "migrationsverket")]


def test_a_correction_that_names_no_field_asks_which():
    events, sent = correct("det blev fel")
    assert events == []
    assert responses(sent) == ["utter_appeal_which_field"]


def test_cancelling_forgets_the_answers_but_not_the_employer():
    events, sent = run(ActionCancelAppeal(), make_tracker(filled_slots(), active_loop=None))
    assert {event["name"] for event in events} == {*FORM_SLOTS, "requested_slot"}
    assert all(event["value"] is None for event in events)
    assert responses(sent) == ["utter_appeal_cancelled", None]
    assert sent[1]["custom"] == ERASE_CONVERSATION  # the chat proxy then erases what was typed


# --- summary and letter ---------------------------------------------------------------------------


def write_letter(sender="samtal-1", **slot_changes):
    tracker = make_tracker(filled_slots(**slot_changes), active_loop=None, sender=sender)
    return run(ActionAppealLetter(), tracker)


def test_summary_shows_every_field_with_the_personnummer_masked():
    events, sent = run(ActionAppealSummary(), make_tracker(filled_slots(), active_loop=None))
    assert events == []
    assert responses(sent) == ["utter_appeal_summary"]
    assert sent[0]["personnummer_masked"] == "********-**76"
    assert sent[0]["agency_name"] == "Försäkringskassan"
    assert sent[0]["posted_on_text"] == "10 november 2026"
    assert sent[0]["appointee_text"] == "–"
    assert_no_personnummer(sent)


def test_summary_for_a_municipality_explains_that_there_is_no_letter():
    events, sent = run(ActionAppealSummary(), make_tracker({"agency": "karlstads_kommun"}, active_loop=None))
    assert texts(sent) == [NoAppealRoute("Karlstads kommun").message]
    # The appeal stays the topic: "hur kommer det sig?" next asks why a kommun has no appeal route.
    assert events == [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet("topic", "appeal_how")]


def test_summary_asks_again_for_a_personnummer_it_cannot_open(sealing_key):
    slots = filled_slots()
    sealing_key()
    events, sent = run(ActionAppealSummary(), make_tracker(slots, active_loop=None))
    assert events == [SlotSet("personnummer", None), FollowupAction("appeal_form")]
    assert responses(sent) == ["utter_appeal_personnummer_unreadable"]


def test_letter_gives_deadline_preview_and_link():
    events, sent = write_letter(sender="samtal 7/a")
    assert events == []
    assert responses(sent) == [
        "utter_appeal_deadline",
        "utter_appeal_deadline_days_left",
        "utter_appeal_deadline_calendar",
        "utter_appeal_letter_preview",
        "utter_appeal_letter_link",
    ]
    assert "tisdag 1 december 2026" in sent[0]["explanation"]  # posted 10 Nov + 21 days
    assert sent[1]["days_left"] == 11
    assert sent[2]["calendar_url"] == "/api/deadline.ics?posted_on=2026-11-10&agency=forsakringskassan"
    preview = sent[3]["letter_text"]
    assert "Personnummer: ********-**76" in preview and "Anna Svensson" in preview
    assert "\n\n" not in preview  # Rasa would split the letter into many messages at blank lines
    assert "FK 2026/012345" in preview and "103 51 Stockholm" in preview
    token = sent[4]["letter_url"].removeprefix("/api/letters/").removesuffix(".pdf")
    assert sent[4]["letter_url"] == f"/api/letters/{token}.pdf" and "samtal" not in token
    assert letter_link.conversation_of(token, clock.now()) == "samtal 7/a"
    assert sent[4]["link_hours"] == 24
    assert_no_personnummer(sent)


def test_letter_warns_when_fewer_than_three_days_are_left(monkeypatch):
    monkeypatch.setattr(clock, "today_in_sweden", lambda: dt.date(2026, 11, 19))
    _, sent = write_letter(decision_posted_on="2026-10-30")
    assert responses(sent)[:2] == ["utter_appeal_deadline", "utter_appeal_deadline_soon"]
    assert sent[1]["deadline_date"] == "fredag 20 november 2026"


def test_letter_warns_on_the_last_day():
    _, sent = write_letter(decision_posted_on="2026-10-30")
    assert responses(sent)[:2] == ["utter_appeal_deadline", "utter_appeal_deadline_today"]


def test_letter_warns_when_the_deadline_has_passed():
    _, sent = write_letter(decision_posted_on="2026-10-01")
    assert responses(sent)[:2] == ["utter_appeal_deadline", "utter_appeal_deadline_passed"]
    assert "utter_appeal_deadline_calendar" not in responses(sent)  # nothing left to put in a calendar
    assert sent[1]["deadline_date"] == "torsdag 22 oktober 2026"


def test_letter_without_a_posting_date_says_how_to_find_it():
    _, sent = write_letter(decision_posted_on="")
    assert responses(sent) == [
        "utter_appeal_deadline_needs_date",
        "utter_appeal_posting_date_unknown_at_agency",
        "utter_appeal_letter_preview",
        "utter_appeal_letter_link",
    ]
    assert "Beslutet anslogs" not in sent[2]["letter_text"]


def test_letter_for_a_municipality_explains_that_there_is_no_letter():
    events, sent = run(ActionAppealLetter(), make_tracker({"agency": "karlstads_kommun"}, active_loop=None))
    assert texts(sent) == [NoAppealRoute("Karlstads kommun").message]
    assert events == [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet("topic", "appeal_how")]


def test_letter_sends_a_field_the_core_refuses_back_to_the_form():
    events, sent = write_letter(grounds="Bäst.")
    assert events == [SlotSet("grounds", None), FollowupAction("appeal_form")]
    assert texts(sent)[0].startswith("Fältet skäl för överklagandet är för kort")


# --- the deadline on its own ----------------------------------------------------------------------


def test_deadline_form_validation():
    dispatcher = CollectingDispatcher()
    form = ValidateDeadlineForm()
    tracker = make_tracker(active_loop="deadline_form")
    def posted_on(answer):
        return form.validate_decision_posted_on(answer, dispatcher, tracker, {})["decision_posted_on"]

    assert posted_on("i måndags") == "2026-11-16"
    assert posted_on("vet inte") == ""
    assert posted_on("den 45 november") is None
    assert len(dispatcher.messages) == 1 and "finns inte" in dispatcher.messages[0]["text"]


def test_deadline_form_asks_for_a_date_the_appeal_form_left_unknown():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(active_loop="deadline_form")
    result = ValidateDeadlineForm().validate_decision_posted_on("", dispatcher, tracker, {})
    assert result == {"decision_posted_on": None}
    assert dispatcher.messages == []


def test_deadline_form_asks_nothing_at_a_municipality():
    form = ValidateDeadlineForm()
    dispatcher = CollectingDispatcher()
    slots = ["decision_posted_on"]
    kommun = make_tracker({"agency": "karlstads_kommun"}, active_loop="deadline_form")
    state = make_tracker({"agency": "forsakringskassan"}, active_loop="deadline_form")
    assert asyncio.run(form.required_slots(slots, dispatcher, kommun, {})) == []
    assert asyncio.run(form.required_slots(slots, dispatcher, state, {})) == slots


def _user_giving(entity: str, value: str) -> dict:
    return {"event": "user", "parse_data": {"entities": [{"entity": entity, "value": value}]}}


PLANNED = [_user_giving("planned_posting_date", "2026-12-04")]


def test_a_posting_day_still_ahead_is_counted_from_and_not_asked_for():
    tracker = make_tracker({"agency": "forsakringskassan"}, events=PLANNED, active_loop="deadline_form")
    assert asyncio.run(ValidateDeadlineForm().required_slots(
        ["decision_posted_on"], CollectingDispatcher(), tracker, {}
    )) == []
    # "varför inte 25 december?" two messages later still counts from it
    later = PLANNED + [{"event": "bot"}, {"event": "user", "parse_data": {"entities": []}}]
    events, sent = run(ActionTellAppealDeadline(), make_tracker(events=later, active_loop=None))
    assert events == [SlotSet("topic", "appeal_deadline")]  # the posting day is kept in no slot
    # 21 days after Friday 4 December 2026 is juldagen: the last day moves to Monday 28 December
    assert "28 december 2026" in sent[0]["explanation"]
    # no days left to count nor a calendar file (the API counts only postings that have been)
    assert responses(sent) == ["utter_appeal_deadline", "utter_appeal_deadline_planned"]
    assert sent[1]["posted_on"] == "fredag 4 december 2026"


def test_a_last_day_counted_from_the_day_one_heard_of_the_decision_says_so():
    heard = [_user_giving("posting_date", "2026-11-10"), {"event": "slot", "name": "decision_posted_on",
                                                          "value": "2026-11-10"}]  # as the mapping logs it
    heard[0]["parse_data"]["entities"].append({"entity": "notice_date", "value": "2026-11-10"})
    tracker = make_tracker({"decision_posted_on": "2026-11-10"}, events=heard, active_loop=None)
    assert responses(run(ActionTellAppealDeadline(), tracker)[1])[-1] == "utter_appeal_deadline_from_notice"
    given = [_user_giving("posting_date", "2026-11-10")]
    posted = make_tracker({"decision_posted_on": "2026-11-10"}, events=given, active_loop=None)
    assert "utter_appeal_deadline_from_notice" not in responses(run(ActionTellAppealDeadline(), posted)[1])


def test_a_posting_ahead_asked_after_one_that_has_been_is_counted_from_though_the_form_rechecks_the_slot():
    known = {"event": "slot", "name": "decision_posted_on", "value": "2026-11-10"}
    # the deadline form, started by the question ahead, sets the slot it already knows again
    events = [_user_giving("posting_date", "2026-11-10"), known, *PLANNED, known]
    tracker = make_tracker({"decision_posted_on": "2026-11-10"}, events=events, active_loop=None)
    _, sent = run(ActionTellAppealDeadline(), tracker)
    assert "28 december 2026" in sent[0]["explanation"]  # from 4 December, not 10 November


def test_a_posting_day_that_has_been_given_after_one_ahead_is_the_one_counted_from():
    given = PLANNED + [_user_giving("posting_date", "2026-11-10")]
    tracker = make_tracker({"decision_posted_on": "2026-11-10"}, events=given, active_loop=None)
    _, sent = run(ActionTellAppealDeadline(), tracker)
    assert "1 december 2026" in sent[0]["explanation"]  # 21 days after 10 November
    answered = PLANNED + [{"event": "slot", "name": "decision_posted_on", "value": "2026-11-10"}]
    tracker = make_tracker({"decision_posted_on": "2026-11-10"}, events=answered, active_loop=None)
    _, sent = run(ActionTellAppealDeadline(), tracker)
    assert "1 december 2026" in sent[0]["explanation"]  # the form's answer, typed without an entity


def test_tell_deadline_at_a_municipality_says_there_is_none():
    tracker = make_tracker({"agency": "karlstads_kommun", "decision_posted_on": "2026-11-10"}, active_loop=None)
    events, sent = run(ActionTellAppealDeadline(), tracker)
    assert events == [SlotSet("topic", "appeal_deadline")]  # "hur kommer det sig?" follows it
    assert texts(sent) == [
        messages.NO_STATE_APPEAL_ROUTE.format(name="Karlstads kommun", consequence=messages.NO_ROUTE_NO_DEADLINE)
    ]


def test_tell_deadline_with_a_known_posting_day():
    tracker = make_tracker({"decision_posted_on": "2026-11-10"}, active_loop=None)
    events, sent = run(ActionTellAppealDeadline(), tracker)
    assert events == [SlotSet("topic", "appeal_deadline")]  # "och om jag missar den?" follows the deadline
    assert responses(sent) == ["utter_appeal_deadline", "utter_appeal_deadline_days_left"]  # no employer: no link


def test_tell_deadline_links_the_calendar_file_of_the_employer():
    tracker = make_tracker({"decision_posted_on": "2026-11-10", "agency": "migrationsverket"}, active_loop=None)
    _, sent = run(ActionTellAppealDeadline(), tracker)
    assert responses(sent)[-1] == "utter_appeal_deadline_calendar"
    assert sent[-1]["calendar_url"] == "/api/deadline.ics?posted_on=2026-11-10&agency=migrationsverket"


def test_tell_deadline_without_a_posting_day_explains_and_asks_anew_next_time():
    events, sent = run(ActionTellAppealDeadline(), make_tracker({"decision_posted_on": ""}, active_loop=None))
    assert events == [SlotSet("decision_posted_on", None)]
    assert responses(sent) == ["utter_appeal_deadline_needs_date", "utter_appeal_posting_date_unknown"]


def test_tell_deadline_during_the_appeal_form_leaves_the_date_to_the_form():
    events, sent = run(ActionTellAppealDeadline(), make_tracker({"agency": "forsakringskassan"}))
    assert events == []
    assert responses(sent) == [
        "utter_appeal_deadline_needs_date", "utter_appeal_posting_date_unknown_at_agency"
    ]


def test_the_wish_to_appeal_typed_as_a_fields_answer_is_no_answer():
    """'ok jag vill överklaga' while the form asks for the position became the letter's position."""
    typed = "ok jag vill överklaga"
    events = [{"event": "user", "text": typed}, {"event": "slot", "name": "position", "value": typed}]
    tracker = make_tracker({"requested_slot": "position", "position": typed}, text=typed, events=events)
    tracker.latest_message["intent"] = {"name": "start_appeal"}
    events, sent = run(ValidateAppealForm(), tracker)
    assert events == [SlotSet("position", None)]
    assert texts(sent) == [messages.APPEAL_UNDER_WAY]


@pytest.mark.parametrize("typed, intent, rejected", [
    ("varfor fick jag inte jobbet, kan du kolla?", "nlu_fallback", True),  # a question NLU is unsure of
    ("handläggare inom utredning", "nlu_fallback", False),  # an answer NLU is unsure of is still the answer
    ("varför är det så?", "inform", False),
])
def test_a_question_nlu_is_unsure_of_is_no_answer_to_the_fields_question(typed, intent, rejected):
    events = [{"event": "user", "text": typed}, {"event": "slot", "name": "position", "value": typed}]
    tracker = make_tracker({"requested_slot": "position", "position": typed}, text=typed, events=events)
    tracker.latest_message["intent"] = {"name": intent}
    events, sent = run(ValidateAppealForm(), tracker)
    assert (events == [SlotSet("position", None), ActionExecutionRejected("appeal_form")]) is rejected
    assert texts(sent) == []


def test_the_appointees_answer_that_gives_the_grounds_too_fills_both():
    answer = "en person fick tjänsten. jag har personalvetarexamen och 6 års erfarenhet, hon har 2"
    assert validate("appointee", answer) == (
        {"appointee": "", "grounds": "jag har personalvetarexamen och 6 års erfarenhet, hon har 2"}, []
    )


def test_the_posting_day_given_for_the_appointee_is_no_appointee():
    assert validate("appointee", "anslogs 16 november") == ({"appointee": None}, [])


def test_grounds_already_given_are_not_replaced_by_the_appointees_answer():
    answer = "bara en person, hon har kortare erfarenhet än jag på alla sätt"
    result, _ = validate("appointee", answer, {"grounds": GROUNDS})
    assert result == {"appointee": ""}


@pytest.mark.parametrize("requested, topic, wanted", [
    (None, None, "appeal_how"),  # the form starts on no topic: the appeal's
    (None, "duration", "appeal_how"),  # ... or on another subject's
    (None, "appeal_deadline", None),  # on appealing: it stays
    ("position", "interview", None),  # asked in between during the form: its follow-ups are about it
    ("position", None, "appeal_how"),
])
def test_the_form_gives_the_conversation_the_appeals_topic(requested, topic, wanted):
    tracker = make_tracker({"requested_slot": requested, "topic": topic}, text="utredare")
    domain = {"forms": {"appeal_form": {"required_slots": list(FORM_SLOTS)}}}
    events = asyncio.run(ValidateAppealForm().run(CollectingDispatcher(), tracker, domain))
    assert next((e["value"] for e in events if e.get("name") == "topic"), None) == wanted


def test_no_grounds_and_no_complaint_for_a_yes():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text="ja stämmer")
    tracker.latest_message["intent"] = {"name": "affirm"}
    assert ValidateAppealForm().validate_grounds("ja stämmer", dispatcher, tracker, {}) == {"grounds": None}
    assert dispatcher.messages == []


@pytest.mark.parametrize("requested", ["position", "grounds", "diarienummer"])
def test_the_identity_typed_ahead_fills_its_fields_and_is_no_answer_to_the_question(requested):
    """"Johan Ek, Ringvägen 4, 118 60 Stockholm, <personnummer>" at another field's question."""
    typed = "Johan Ek, Ringvägen 4, 118 60 Stockholm, " + sealing.seal_text(PNR)
    identity = {
        "full_name": "Johan Ek", "address": "Ringvägen 4, 118 60 Stockholm",
        "personnummer": sealing.seal(PNR),
    }
    candidates = {requested: typed, **identity}
    events = [{"event": "user", "text": typed}] + [
        {"event": "slot", "name": name, "value": value} for name, value in candidates.items()
    ]
    tracker = make_tracker(
        {"requested_slot": requested, "agency": "forsakringskassan", **candidates}, text=typed,
        entities=[{"entity": name, "value": value} for name, value in identity.items()], events=events,
    )
    domain = {"forms": {"appeal_form": {"required_slots": list(FORM_SLOTS)}}}
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateAppealForm().run(dispatcher, tracker, domain))
    names = {event["name"] for event in events if event.get("event") == "slot"}
    assert {"full_name", "address"} <= names and requested not in names and dispatcher.messages == []


def test_the_posting_told_at_the_positions_question_is_no_position():
    """Its own mapping reads the day; "bara en anställdes" beside it answers the appointee's question."""
    assert validate("position", "anslogs i måndags, bara en anställdes") == (
        {"position": None, "appointee": ""}, []
    )
    assert validate("position", "anslogs i måndags") == ({"position": None}, [])


def test_grounds_typed_at_the_positions_question_are_kept_as_the_grounds():
    typed = "Jag har arbetat som utredare i 2 år på vikariat och har mer erfarenhet än den som fick jobbet"
    assert validate("position", typed) == ({"position": None, "grounds": typed}, [])


def test_grounds_named_as_such_at_the_appointees_question_are_the_grounds():
    result, sent = validate("appointee", "ok. skälen: 8 års erfarenhet av handläggning, den anställde har 2")
    assert result == {"appointee": "", "grounds": "8 års erfarenhet av handläggning, den anställde har 2"}
    assert sent == []


def test_only_one_hired_typed_at_the_positions_question_answers_the_appointees():
    assert validate("position", "nej bara en person") == ({"position": None, "appointee": ""}, [])
    assert validate("position", "Handläggare") == ({"position": "Handläggare"}, [])
    assert validate("position", "Utredare, bara en person")[0] == {"position": "Utredare, bara en person"}
