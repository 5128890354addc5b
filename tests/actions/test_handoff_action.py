"""action_human_handoff: the employer's HR contacts from data/agencies.yml, or the question which employer."""
import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionHumanHandoff
from hiring_rules.agencies import HrContacts
from hiring_rules.contacts import describe_hr_contacts


def _handoff(agency):
    message = {"text": "prata med en människa"}
    tracker = Tracker("test", {"agency": agency}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHumanHandoff().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_known_employer_gets_its_hr_contacts():
    messages, events = _handoff("forsakringskassan")
    assert events == []
    assert [m["response"] for m in messages] == ["utter_hr_contacts"]
    assert messages[0]["employer"] == "Försäkringskassan"
    assert "0771-524 440" in messages[0]["contacts"]
    assert "hr-fragor@forsakringskassan.se" in messages[0]["contacts"]


def test_unknown_employer_is_asked_for_with_buttons():
    messages, events = _handoff(None)
    assert [m["response"] for m in messages] == ["utter_ask_handoff_agency"]


def test_contacts_name_only_the_parts_the_registry_gives():
    assert describe_hr_contacts(HrContacts("Rekryteringen", None, "rek@mv.se", None)) == (
        "Rekryteringen, e-post rek@mv.se."
    )
    assert describe_hr_contacts(HrContacts(None, None, None, "Se annonsen.")) == "Se annonsen."
    assert describe_hr_contacts(HrContacts("HR", "010-1", None, "Ring före tolv.")) == (
        "HR, telefon 010-1. Ring före tolv."
    )
