"""GET /api/letters/<conversation id>.<fmt>: the letter from a conversation's tracker, read from a fake
Rasa HTTP API (httpx MockTransport)."""
import io
import logging

import docx
import httpx
import pytest
from cryptography.fernet import Fernet
from pypdf import PdfReader

from api.main import app
from api.routers.chat import RASA_UNAVAILABLE
from api.routers.letter_download import LETTER_NOT_FOUND
from api.settings import Settings, get_settings
from api.tracker_client import confirmed_letter_slots, get_rasa_http
from hiring_rules import sealing

CONVERSATION = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
TOKEN = "s3cret-token"
PERSONNUMMER = "19850709-9805"
FORM = {
    "agency": "forsakringskassan",
    "position": "Handläggare sjukpenning",
    "diarienummer": "FK 2026/012345",
    "appointee": "",
    "decision_posted_on": "2026-05-29",
    "grounds": "Jag har längre erfarenhet av handläggning och bättre utbildning än den som anställdes.",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
}


@pytest.fixture(autouse=True)
def sealing_key(monkeypatch):
    monkeypatch.setenv(sealing.KEY_ENV, Fernet.generate_key().decode("ascii"))


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def action(name):
    return {"event": "action", "name": name}


def filled_form(**changes):
    values = {**FORM, "personnummer": sealing.seal(PERSONNUMMER), **changes}
    return [action("action_session_start"), {"event": "user", "text": "jag vill överklaga"}] + [
        slot(name, value) for name, value in values.items()
    ]


def confirmed(**changes):
    return [*filled_form(**changes), action("action_appeal_summary"), action("action_appeal_letter")]


class FakeRasa:
    """Rasa's tracker endpoint: the events of each known conversation, [] for any other id."""

    def __init__(self):
        self.conversations: dict[str, list[dict]] = {}
        self.requests: list[httpx.Request] = []
        self.reply = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.reply is not None:
            return self.reply(request)
        if request.url.params.get("token") != TOKEN:
            return httpx.Response(401)
        conversation = request.url.path.removeprefix("/conversations/").removesuffix("/tracker")
        return httpx.Response(200, json={"sender_id": conversation, "slots": {},
                                         "events": self.conversations.get(conversation, [])})


@pytest.fixture
def rasa(api_client):
    fake = FakeRasa()
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    app.dependency_overrides[get_rasa_http] = lambda: http
    app.dependency_overrides[get_settings] = lambda: Settings(rasa_url="http://rasa.test", rasa_token=TOKEN)
    return fake


def download(client, fmt="pdf", conversation=CONVERSATION):
    return client.get(f"/api/letters/{conversation}.{fmt}")


def not_found(response):
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": LETTER_NOT_FOUND}


# --- the letter ---


def test_pdf_of_a_confirmed_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()
    response = download(api_client)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="overklagande-FK-2026-012345.pdf"'
    assert response.headers["cache-control"] == "no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Anna Svensson" in text and PERSONNUMMER in text and "Handläggare sjukpenning" in text
    (request,) = rasa.requests
    assert request.method == "GET"
    assert request.url.path == f"/conversations/{CONVERSATION}/tracker"
    assert request.url.params["token"] == TOKEN


def test_text_and_docx_say_the_same(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed()
    text = download(api_client, "txt")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert PERSONNUMMER in text.text and "Beslutet anslogs" in text.text
    word = download(api_client, "docx")
    assert word.headers["content-disposition"].endswith('.docx"')
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert PERSONNUMMER in paragraphs and "Anna Svensson" in paragraphs


def test_empty_optional_slots_are_not_given(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed(decision_posted_on="", appointee="")
    response = download(api_client, "txt")
    assert response.status_code == 200
    assert "Beslutet anslogs" not in response.text


def test_a_new_session_that_carries_the_slots_over_keeps_the_letter(api_client, rasa):
    events = confirmed()
    carried_over = [event for event in events if event["event"] == "slot"]
    rasa.conversations[CONVERSATION] = [*events, action("action_session_start"), *carried_over]
    assert download(api_client, "txt").status_code == 200


# --- no letter: 404 in Swedish ---


def test_incomplete_form_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = filled_form()[:-3]
    not_found(download(api_client))


def test_summary_not_yet_confirmed_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*filled_form(), action("action_appeal_summary")]
    not_found(download(api_client))


def test_a_correction_after_confirming_withdraws_the_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*confirmed(), slot("address", "Ågatan 2, 652 24 Karlstad")]
    not_found(download(api_client))


def test_cancelling_after_confirming_withdraws_the_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = [*confirmed(), *(slot(name, None) for name in FORM if name != "agency")]
    not_found(download(api_client))


def test_unknown_conversation(api_client, rasa):
    not_found(download(api_client, conversation="A" * 32))


@pytest.mark.parametrize("conversation", ["kort", "a" * 65, "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pN.e6A", "å" * 30])
def test_malformed_id_is_not_asked_for(api_client, rasa, conversation):
    not_found(download(api_client, conversation=conversation))
    assert rasa.requests == []


@pytest.mark.parametrize("fmt", ["html", "exe", "PDF"])
def test_unknown_format(api_client, rasa, fmt):
    rasa.conversations[CONVERSATION] = confirmed()
    not_found(download(api_client, fmt))


def test_personnummer_sealed_with_another_key(api_client, rasa, monkeypatch):
    rasa.conversations[CONVERSATION] = confirmed()
    monkeypatch.setenv(sealing.KEY_ENV, Fernet.generate_key().decode("ascii"))
    not_found(download(api_client))


def test_municipality_has_no_letter(api_client, rasa):
    rasa.conversations[CONVERSATION] = confirmed(agency="karlstads_kommun")
    not_found(download(api_client))


# --- Rasa down ---


@pytest.mark.parametrize(
    "reply",
    [
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request)),
        lambda request: httpx.Response(401),
        lambda request: httpx.Response(500),
        lambda request: httpx.Response(200, text="<html>"),
        lambda request: httpx.Response(200, json={"events": "nope"}),
    ],
    ids=["refused", "token refused", "error", "not json", "wrong shape"],
)
def test_rasa_unavailable_is_503(api_client, rasa, reply):
    rasa.reply = reply
    response = download(api_client)
    assert response.status_code == 503
    assert response.json() == {"detail": RASA_UNAVAILABLE}
    assert response.headers["retry-after"] == "10"


# --- privacy ---


def test_nothing_of_the_conversation_is_logged(api_client, rasa, caplog):
    caplog.set_level(logging.DEBUG)
    rasa.conversations[CONVERSATION] = confirmed()
    assert download(api_client).status_code == 200
    rasa.reply = lambda request: httpx.Response(500, text=PERSONNUMMER)
    assert download(api_client).status_code == 503
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Rasa's tracker API answered HTTP 500" in logged
    for secret in (PERSONNUMMER, "850709", "Anna Svensson", "Storgatan", CONVERSATION):
        assert secret not in logged


# --- the confirmation rule ---


def test_confirmed_values_are_those_at_the_letter_action():
    events = confirmed()
    assert confirmed_letter_slots(events)["full_name"] == "Anna Svensson"
    assert confirmed_letter_slots([*events, {"event": "restart"}]) is None
    assert confirmed_letter_slots([*events, {"event": "reset_slots"}]) is None
    # the letter action itself sends the form back (a field it refused): no letter
    assert confirmed_letter_slots([*events, slot("personnummer", None)]) is None
    # a slot outside the form does not matter
    assert confirmed_letter_slots([*events, slot("requested_slot", None)]) is not None
