"""The registration of företrädesrätt in the chat (actions/reemployment_notice.py) with rasa_sdk
trackers: the form's answers read like the appeal form's, the summary and the letter with the
personnummer masked, the link, declining the offer, stopping, and corrections of its own fields. No Rasa
server: the actions are called directly."""
import asyncio
import datetime as dt
import re

import pytest
from cryptography.fernet import Fernet
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import clock
from actions.letter_slots import NOTICE_SLOTS
from actions.reemployment_notice import (
    FORGOTTEN_ON_STOP,
    OFFERED_SLOT,
    ActionCorrectReemploymentNoticeField,
    ActionDeclineReemploymentNotice,
    ActionReemploymentNoticeLetter,
    ActionReemploymentNoticeSummary,
    ActionStopReemploymentNotice,
    ValidateReemploymentNoticeForm,
)
from hiring_rules import letter_link, messages, sealing, sealing_key

TODAY = dt.date(2026, 11, 20)
PNR = "19811218-9876"
PNR_DIGITS = ("198112189876", "8112189876", "811218-9876", "9876")


@pytest.fixture(autouse=True)
def fixed_world(monkeypatch):
    """A sealing key of the test's own and a fixed today."""
    monkeypatch.setenv(sealing_key.KEY_ENV, Fernet.generate_key().decode())
    monkeypatch.setattr(clock, "today_in_sweden", lambda: TODAY)


def make_tracker(slots=None, text="", entities=None, events=None, active_loop="reemployment_notice_form"):
    empty = {"requested_slot": None, OFFERED_SLOT: None, **{name: None for name in NOTICE_SLOTS}}
    return Tracker(
        sender_id="samtal-anmalan",
        slots={**empty, **(slots or {})},
        latest_message={
            "text": text, "intent": {"name": "inform"}, "entities": entities or [], "metadata": {}
        },
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def filled(**changes):
    return {
        "agency": "forsakringskassan",
        "position": "Handläggare sjukpenning",
        "employment_ended_on": "2026-10-31",
        "full_name": "Anna Svensson",
        "address": "Storgatan 1, 123 45 Karlstad",
        "personnummer": sealing.seal(PNR),
        "contact": "anna@exempel.se, 070-123 45 67",
        **changes,
    }


def validate(slot, value, slots=None):
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateReemploymentNoticeForm(), f"validate_{slot}")
    return method(value, dispatcher, make_tracker(slots, text=str(value)), {}), dispatcher.messages


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages


# --- the form's answers ---


def test_the_personnummer_is_kept_sealed_as_in_the_appeal_form():
    typed = sealing.seal("811218-9876")  # what bot/channels.py makes of the typed number
    result, said = validate("personnummer", f"mitt personnummer är {typed}")
    assert said == []
    assert sealing.unseal(result["personnummer"]) == PNR
    assert not any(digits in result["personnummer"] for digits in PNR_DIGITS)


def test_a_wrong_personnummer_is_explained_and_asked_again():
    result, said = validate("personnummer", sealing.seal("19811218-9875"))
    assert result == {"personnummer": None}
    assert said[0]["text"] == messages.PERSONNUMMER_INVALID


def test_name_and_address_are_cleaned_as_in_the_appeal_form():
    assert validate("full_name", "  anna   Svensson ")[0] == {"full_name": "anna Svensson"}
    result, said = validate("address", "Storgatan 1")
    assert result == {"address": None} and said[0]["text"] == messages.ADDRESS_INCOMPLETE


@pytest.mark.parametrize(
    "answer, kept",
    [
        ("anna@exempel.se", "anna@exempel.se"),
        ("tel 070-123 45 67", "070-123 45 67"),
        ("070-123 45 67 eller anna@exempel.se", "anna@exempel.se, 070-123 45 67"),
        ("mejla mig på anna.svensson@exempel.se.", "anna.svensson@exempel.se"),
    ],
)
def test_a_contact_is_an_email_a_phone_or_both(answer, kept):
    assert validate("contact", answer) == ({"contact": kept}, [])
    assert validate("contact", kept)[0] == {"contact": kept}  # validated again, unchanged


@pytest.mark.parametrize(
    "answer, message",
    [
        ("ring mig", messages.CONTACT_INVALID),
        ("anna@exempel", messages.EMAIL_INVALID),
        ("tel 12 34 5", messages.PHONE_INVALID),
    ],
)
def test_a_contact_that_does_not_read_is_explained(answer, message):
    result, said = validate("contact", answer)
    assert result == {"contact": None} and said[0]["text"] == message


def test_a_personnummer_given_as_the_contact_is_refused():
    result, said = validate("contact", sealing.seal("811218-9876"))
    assert result == {"contact": None}
    assert said[0]["text"] == messages.PERSONNUMMER_NOT_HERE.format(label=messages.FIELD_LABELS["contact"])


def test_the_end_date_may_be_ahead_but_not_past_the_right():
    assert validate("employment_ended_on", "31 december 2026") == ({"employment_ended_on": "2026-12-31"}, [])
    assert validate("employment_ended_on", "2026-10-31")[0] == {"employment_ended_on": "2026-10-31"}
    result, said = validate("employment_ended_on", "2026-01-31")  # nine months ran out on 31 October
    assert result == {"employment_ended_on": None}
    assert said[0]["text"] == messages.NOTICE_EXPIRED.format(valid_until="31 oktober 2026")


def test_any_employer_of_the_registry_is_accepted_an_unknown_one_is_asked_again():
    assert validate("agency", "karlstads_kommun") == ({"agency": "karlstads_kommun"}, [])
    result, said = validate("agency", "skatteverket")
    assert result == {"agency": None}
    assert said[0]["text"].startswith(messages.AGENCY_NOT_RECOGNISED.split("\"")[0])


# --- summary and letter ---


def test_the_summary_masks_the_personnummer_and_ends_the_offer():
    events, said = run(ActionReemploymentNoticeSummary(), make_tracker(filled(), active_loop=None))
    (summary,) = said
    assert summary["response"] == "utter_reemployment_notice_summary"
    assert summary["agency_name"] == "Försäkringskassan"
    assert summary["ended_on_text"] == "31 oktober 2026"
    assert summary["personnummer_masked"] == "********-**76"
    assert events == [SlotSet(OFFERED_SLOT, None)]
    assert not any(digits in str(said) for digits in PNR_DIGITS)


def test_the_summary_asks_again_for_a_personnummer_it_cannot_open():
    tracker = make_tracker(filled(personnummer="⟦pnr:trasig⟧"))
    events, said = run(ActionReemploymentNoticeSummary(), tracker)
    assert said[0]["response"] == "utter_appeal_personnummer_unreadable"
    assert events == [SlotSet("personnummer", None), FollowupAction("reemployment_notice_form")]


def test_the_letter_gives_a_masked_preview_and_a_link_to_the_notice():
    events, said = run(ActionReemploymentNoticeLetter(), make_tracker(filled(), active_loop=None))
    assert events == []
    preview, link = said
    assert preview["response"] == "utter_reemployment_notice_preview"
    text = preview["letter_text"]
    assert messages.NOTICE_TITLE in text and "Personnummer: ********-**76" in text
    assert "E-post: anna@exempel.se" in text and "Telefon: 070-123 45 67" in text
    assert "Försäkringskassan" in text and "\n\n" not in text  # one chat message
    assert not any(digits in text for digits in PNR_DIGITS)
    assert link["response"] == "utter_reemployment_notice_link"
    assert link["agency_name"] == "Försäkringskassan"
    url = re.fullmatch(r"/api/letters/reemployment-notice/([A-Za-z0-9_-]+)\.pdf", link["letter_url"])
    (token,) = url.groups()
    assert letter_link.conversation_of(token, clock.now()) == "samtal-anmalan"


def test_a_right_that_ran_out_since_sends_the_end_date_back_to_the_form():
    tracker = make_tracker(filled(employment_ended_on="2026-01-31"))
    events, said = run(ActionReemploymentNoticeLetter(), tracker)
    assert said[0]["text"] == messages.NOTICE_EXPIRED.format(valid_until="31 oktober 2026")
    assert events == [SlotSet("employment_ended_on", None), FollowupAction("reemployment_notice_form")]


# --- the offer, stopping, corrections ---


def test_declining_the_offer_forgets_the_end_date_kept_for_it():
    events, said = run(ActionDeclineReemploymentNotice(), make_tracker({"employment_ended_on": "2026-10-31"}))
    assert said[0]["response"] == "utter_reemployment_notice_declined"
    assert events == [SlotSet("employment_ended_on", None), SlotSet(OFFERED_SLOT, None)]


def test_stopping_forgets_every_answer_but_the_employer():
    events, said = run(ActionStopReemploymentNotice(), make_tracker(filled()))
    assert said[0]["response"] == "utter_stopped"
    assert {event["name"] for event in events} == {*NOTICE_SLOTS, OFFERED_SLOT} - {"agency"}
    assert all(event["value"] is None for event in events)
    assert "agency" not in FORGOTTEN_ON_STOP


def _after_notice_summary(text, entities=None):
    return make_tracker(filled(), text=text, entities=entities, active_loop=None)


def test_a_correction_of_the_contact_after_the_summary_takes_the_new_value():
    tracker = _after_notice_summary("fel mejl, det är anna@exempel.org")
    events, said = run(ActionCorrectReemploymentNoticeField(), tracker)
    assert events == [SlotSet("contact", "anna@exempel.org")]
    assert said[0]["field"] == messages.FIELD_LABELS["contact"]


def test_a_wrong_date_in_the_notice_is_its_end_date_not_the_posting_day():
    events, _ = run(ActionCorrectReemploymentNoticeField(), _after_notice_summary("datumet är fel"))
    assert events == [SlotSet("employment_ended_on", None)]


def test_the_end_date_button_clears_it_for_the_form_to_ask_again():
    button = [{"entity": "appeal_field", "value": "employment_ended_on"}]
    tracker = _after_notice_summary("/correct_field", entities=button)
    assert run(ActionCorrectReemploymentNoticeField(), tracker)[0] == [SlotSet("employment_ended_on", None)]
