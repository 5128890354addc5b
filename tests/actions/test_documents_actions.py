"""The documents request in the chat: documents_form's answers are read like the appeal form's, and the
link opens the letter for the employer, position and diarienummer given (actions/documents.py)."""
import asyncio
from urllib.parse import parse_qs, urlsplit

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.documents import ActionDocumentsRequestLink, ValidateDocumentsForm
from hiring_rules import messages


def _tracker(slots: dict, text: str = "") -> Tracker:
    empty = {"requested_slot": None, "agency": None, "position": None, "diarienummer": None}
    message = {"text": text, "intent": {"name": "inform"}, "entities": [], "metadata": {}}
    return Tracker("samtal-1", {**empty, **slots}, message, [], False, None, {"name": "documents_form"}, "")


def test_a_kommun_is_accepted_its_documents_are_public_too():
    form, dispatcher = ValidateDocumentsForm(), CollectingDispatcher()
    result = form.validate_agency("karlstads_kommun", dispatcher, _tracker({}), {})
    assert result == {"agency": "karlstads_kommun"}
    assert dispatcher.messages == []


def test_an_unknown_employer_is_asked_for_again():
    form, dispatcher = ValidateDocumentsForm(), CollectingDispatcher()
    result = form.validate_agency("skatteverket", dispatcher, _tracker({}, "skatteverket"), {})
    assert result == {"agency": None}
    assert dispatcher.messages[0]["text"].startswith(messages.AGENCY_NOT_RECOGNISED.split("\"")[0])


def test_a_diarienummer_is_cleaned_as_in_the_appeal_form():
    form, dispatcher = ValidateDocumentsForm(), CollectingDispatcher()
    assert form.validate_diarienummer("  2.3.4-2026-5566 ", dispatcher, _tracker({}), {}) == {
        "diarienummer": "2.3.4-2026-5566"
    }
    assert form.validate_position("", dispatcher, _tracker({}), {}) == {"position": None}
    label = messages.FIELD_LABELS["position"]
    assert dispatcher.messages[0]["text"] == messages.TEXT_EMPTY.format(label=label)


def test_the_link_opens_the_letter_for_the_answers(api_client):
    slots = {"agency": "migrationsverket", "position": "Handläggare & utredare", "diarienummer": "2.3.4-5566"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDocumentsRequestLink().run(dispatcher, _tracker(slots), {}))
    sent, running = dispatcher.messages
    assert sent["response"] == "utter_documents_request_link" and sent["agency_name"] == "Migrationsverket"
    assert running["response"] == "utter_documents_appeal_running"
    url = urlsplit(sent["documents_url"])
    assert url.path == "/api/letters/documents-request/download"
    assert parse_qs(url.query)["position"] == ["Handläggare & utredare"]
    response = api_client.get(sent["documents_url"].replace("format=pdf", "format=txt"))
    assert response.status_code == 200
    assert "Anställning: Handläggare & utredare" in response.text and "2.3.4-5566" in response.text


def test_at_a_kommun_the_link_says_nothing_of_an_appeal_time():
    slots = {"agency": "karlstads_kommun", "position": "Lärare", "diarienummer": "KS 2026/001234"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDocumentsRequestLink().run(dispatcher, _tracker(slots), {}))
    assert [sent["response"] for sent in dispatcher.messages] == ["utter_documents_request_link"]
