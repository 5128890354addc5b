"""POST /api/chat: the proxy to Rasa's REST channel, with a fake Rasa (httpx MockTransport) or a real
socket that refuses or never answers."""
import json
import logging
import socket

import httpx
import pytest

from api.main import app
from api.dependencies import get_rasa_client
from api.errors import RASA_UNAVAILABLE
from api.rasa_client import WEBHOOK_PATH, RasaClient, RasaServers
from api.schemas import MAX_MESSAGE_CHARS
from api.settings import Settings, get_settings
from stack.processes import free_port
from tests.api.contract import only_error

SENDER = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
PERSONNUMMER = "19850709-9805"
SECRET_TEXT = f"Mitt personnummer är {PERSONNUMMER}"
BOT_ANSWER = [
    {
        "recipient_id": SENDER,
        "text": "Vilken arbetsgivare gäller det?",
        "buttons": [{"title": "Migrationsverket", "payload": '/inform_agency{"agency":"migrationsverket"}'}],
    },
    {"recipient_id": SENDER, "image": "https://example.se/bild.png"},
    {"recipient_id": SENDER, "custom": {"kind": "letter"}},
]


class FakeRasa:
    """Records what the proxy posts and answers with `reply(request)`."""

    def __init__(self):
        self.received: list[dict] = []
        self.paths: list[str] = []
        self.reply = lambda request: httpx.Response(200, json=BOT_ANSWER)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        self.received.append(json.loads(request.content))
        return self.reply(request)


@pytest.fixture
def fake_rasa(api_client):
    fake = FakeRasa()
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    client = RasaClient(http, RasaServers(["http://rasa.test"]), httpx.Timeout(1.0))
    app.dependency_overrides[get_rasa_client] = lambda: client
    return fake


def chat(client, **fields):
    body = {"sender": SENDER, "message": "Hej!", **fields}
    return client.post("/api/chat", json=body)


def use_settings(**values):
    app.dependency_overrides[get_settings] = lambda: Settings(**values)


# --- the happy path ---


def test_forwards_the_message_and_returns_rasas_messages(api_client, fake_rasa):
    response = chat(api_client, message="Jag vill överklaga", metadata={"agency": "migrationsverket"})
    assert response.status_code == 200
    assert response.json() == BOT_ANSWER  # Rasa's REST shape, without null fields
    assert response.headers["cache-control"] == "no-store"
    assert fake_rasa.paths == [WEBHOOK_PATH]
    assert fake_rasa.received == [
        {"sender": SENDER, "message": "Jag vill överklaga", "metadata": {"agency": "migrationsverket"}}
    ]


def test_the_agency_is_sent_as_its_registry_key(api_client, fake_rasa):
    assert chat(api_client, metadata={"agency": " Karlstads_Kommun "}).status_code == 200
    assert fake_rasa.received[0]["metadata"] == {"agency": "karlstads_kommun"}


@pytest.mark.parametrize("metadata", [None, {}, {"agency": None}])
def test_without_an_agency_no_metadata_reaches_rasa(api_client, fake_rasa, metadata):
    assert chat(api_client, metadata=metadata).status_code == 200
    assert fake_rasa.received[0]["metadata"] == {}


def test_an_empty_answer_is_an_empty_list(api_client, fake_rasa):
    fake_rasa.reply = lambda request: httpx.Response(200, json=[])
    response = chat(api_client, message="/restart")
    assert response.status_code == 200
    assert response.json() == []


def test_a_message_of_the_maximum_length_goes_through(api_client, fake_rasa):
    assert chat(api_client, message="å" * MAX_MESSAGE_CHARS).status_code == 200


# --- Rasa down, slow or broken: 503 with a Swedish message ---


def assert_unavailable(response):
    assert response.status_code == 503
    assert response.json() == {"detail": RASA_UNAVAILABLE}
    assert int(response.headers["retry-after"]) > 0


def test_rasa_refusing_the_connection_is_503(api_client):
    use_settings(rasa_url=f"http://127.0.0.1:{free_port()}")
    assert_unavailable(chat(api_client))


def test_rasa_not_answering_in_time_is_503(api_client):
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        use_settings(rasa_url=f"http://127.0.0.1:{silent.getsockname()[1]}", rasa_timeout=0.3)
        assert_unavailable(chat(api_client))


@pytest.mark.parametrize(
    "reply",
    [
        lambda request: httpx.Response(500, text="Internal Server Error"),
        lambda request: httpx.Response(404, json={"status": "failure"}),
        lambda request: httpx.Response(200, text="<html>proxy error</html>"),
        lambda request: httpx.Response(200, json={"text": "not a list"}),
        lambda request: httpx.Response(200, json=[{"text": "no recipient_id"}]),
    ],
    ids=["http-500", "http-404", "not-json", "not-a-list", "not-a-message"],
)
def test_an_error_or_unexpected_answer_from_rasa_is_503(api_client, fake_rasa, reply):
    fake_rasa.reply = reply
    assert_unavailable(chat(api_client))


def test_a_timeout_raised_by_the_transport_is_503(api_client, fake_rasa):
    def time_out(request):
        raise httpx.ReadTimeout("timed out", request=request)

    fake_rasa.reply = time_out
    assert_unavailable(chat(api_client))


# --- refused input: 422 in the API's error shape, nothing forwarded ---


@pytest.mark.parametrize(
    "sender",
    [
        "a" * 21,
        "a" * 65,
        "kort",
        "samtal 7/a" + "x" * 20,
        "å" * 30,
        "",
        12345678901234567890123,
    ],
)
def test_a_malformed_sender_is_refused(api_client, fake_rasa, sender):
    only_error(chat(api_client, sender=sender), "sender")
    assert fake_rasa.received == []


def test_an_oversize_message_is_refused(api_client, fake_rasa):
    message = only_error(chat(api_client, message="a" * (MAX_MESSAGE_CHARS + 1)), "message")
    assert str(MAX_MESSAGE_CHARS) in message
    assert fake_rasa.received == []


@pytest.mark.parametrize("text", ["", "   \n", None, 42, ["Hej"]])
def test_an_empty_or_non_text_message_is_refused(api_client, fake_rasa, text):
    only_error(chat(api_client, message=text), "message")
    assert fake_rasa.received == []


def test_an_unknown_agency_is_refused(api_client, fake_rasa):
    message = only_error(chat(api_client, metadata={"agency": "skatteverket"}), "agency")
    assert "migrationsverket" in message
    assert fake_rasa.received == []


@pytest.mark.parametrize(
    "metadata",
    [{"personnummer": PERSONNUMMER}, {"agency": "migrationsverket", "extra": 1}, "migrationsverket"],
)
def test_metadata_other_than_the_agency_is_refused(api_client, fake_rasa, metadata):
    only_error(chat(api_client, metadata=metadata), "metadata")
    assert fake_rasa.received == []


@pytest.mark.parametrize("body", ["not json", "", '"Hej!"', '{"sender": "x"'])
def test_a_malformed_body_is_refused(api_client, fake_rasa, body):
    response = api_client.post("/api/chat", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == {"body"}


def test_an_unknown_field_is_refused(api_client, fake_rasa):
    only_error(chat(api_client, sender_name="Anna"), "sender_name")


# --- privacy: no message text or metadata in any log ---


def test_nothing_of_a_message_is_logged(api_client, fake_rasa, caplog):
    caplog.set_level(logging.DEBUG)
    metadata = {"agency": "forsakringskassan"}
    assert chat(api_client, message=SECRET_TEXT, metadata=metadata).status_code == 200
    fake_rasa.reply = lambda request: httpx.Response(500, text=SECRET_TEXT)
    assert chat(api_client, message=SECRET_TEXT, metadata=metadata).status_code == 503
    fake_rasa.reply = lambda request: httpx.Response(200, text=f"not json {SECRET_TEXT}")
    assert chat(api_client, message=SECRET_TEXT, metadata=metadata).status_code == 503
    assert chat(api_client, message=SECRET_TEXT, metadata={"agency": PERSONNUMMER}).status_code == 422

    assert "Rasa answered HTTP 500" in caplog.text  # failures are logged, by kind only
    assert PERSONNUMMER not in caplog.text
    assert "8507099805" not in caplog.text.replace("-", "")
    assert "personnummer" not in caplog.text.lower()
    assert "forsakringskassan" not in caplog.text
