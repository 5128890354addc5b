"""Erasing a conversation: DELETE /api/conversations/<id> ("Radera samtalet") and a confirmed "avbryt" of
the appeal form (the cancel action's signal, tests/actions/test_appeal_actions.py, acted on by the chat proxy),
checked on the SQLite tracker store the API is pointed at, written with Rasa's own SQLTrackerStore."""
import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy.engine import make_url

from api.conversation_lock import conversation_lock
from api.conversation_store import ConversationStore
from api.dependencies import get_conversation_store, get_rasa_client
from api.main import app
from api.rasa_client import RasaClient, RasaServers
from api.routers.chat import CANCEL_NOT_ERASED
from api.routers.conversations import ERASE_FAILED
from bot.signals import ERASE_CONVERSATION
from tests.api.rasa_tracker_db import RasaTrackerDb

SENDER = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
OTHER = "Zx8v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6B"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
CANCELLED = "Okej, jag har avbrutit och tagit bort uppgifterna."


@pytest.fixture
def rasa_db(tracker_db):
    return RasaTrackerDb.sqlite(tracker_db)


def erase(client, conversation=SENDER):
    return client.delete(f"/api/conversations/{conversation}")


def unreadable_store(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)
    return ConversationStore(make_url(f"sqlite:///{broken}"))


# --- DELETE /api/conversations/<id> ---


def test_delete_erases_the_conversation_and_only_it(api_client, rasa_db):
    rasa_db.turn(SENDER, "Anna Svensson", NOW)
    rasa_db.turn(OTHER, "Bo Ek", NOW)
    response = erase(api_client)
    assert response.status_code == 204 and response.content == b""
    assert rasa_db.events(SENDER) == []
    assert rasa_db.senders() == {OTHER}


def test_delete_of_an_unknown_conversation_is_204_too(api_client, rasa_db):
    rasa_db.turn(OTHER, "Bo Ek", NOW)
    assert erase(api_client).status_code == 204
    assert erase(api_client, "A" * 32).status_code == 204


def test_delete_before_rasa_made_its_store_is_204(api_client, tracker_db):
    assert erase(api_client).status_code == 204
    assert not tracker_db.exists()


@pytest.mark.parametrize("conversation", ["kort", "a" * 65, "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8p.e6A", "å" * 30])
def test_delete_of_a_malformed_id_is_a_swedish_422(api_client, conversation):
    response = erase(api_client, conversation)
    assert response.status_code == 422
    (item,) = response.json()["detail"]
    assert item["field"] == "conversation_id" and item["message"].startswith("samtals-id: ")


def test_delete_when_the_store_cannot_be_reached_is_503(api_client, tmp_path):
    app.dependency_overrides[get_conversation_store] = lambda: unreadable_store(tmp_path)
    response = erase(api_client)
    assert response.status_code == 503
    assert response.json() == {"detail": ERASE_FAILED}
    assert response.headers["retry-after"] == "10"


def test_delete_logs_no_conversation_id(api_client, rasa_db, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    rasa_db.turn(SENDER, "Anna Svensson", NOW)
    erase(api_client)
    app.dependency_overrides[get_conversation_store] = lambda: unreadable_store(tmp_path)
    erase(api_client)
    logged = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("rasa"))
    assert SENDER not in logged and "Anna" not in logged


# --- a confirmed "avbryt": the cancel action's signal ---


class FakeRasa:
    """Rasa's REST channel answering the confirmed cancel: it saves the turn (with Rasa's store), then
    answers with the cancel message and the signal, as Rasa does."""

    def __init__(self, rasa_db: RasaTrackerDb):
        self.rasa_db = rasa_db
        self.locked_during_turn = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.locked_during_turn = conversation_lock(SENDER).locked()
        with ThreadPoolExecutor(1) as thread:  # Rasa's store runs its own event loop
            thread.submit(self.rasa_db.turn, SENDER, "ja", NOW).result()
        return httpx.Response(200, json=[
            {"recipient_id": SENDER, "text": CANCELLED},
            {"recipient_id": SENDER, "custom": ERASE_CONVERSATION},
        ])


@pytest.fixture
def fake_rasa(api_client, rasa_db):
    fake = FakeRasa(rasa_db)
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    client = RasaClient(http, RasaServers(["http://rasa.test"]), httpx.Timeout(1.0))
    app.dependency_overrides[get_rasa_client] = lambda: client
    return fake


def cancel(client):
    return client.post("/api/chat", json={"sender": SENDER, "message": "ja"})


def test_a_confirmed_cancel_erases_everything_typed_in_the_form(api_client, rasa_db, fake_rasa):
    typed = ("Handläggare", "Anna Svensson", "Storgatan 1, 123 45 Karlstad", "Jag har längre erfarenhet.")
    for text in typed:
        rasa_db.turn(SENDER, text, NOW - dt.timedelta(minutes=5))
    rasa_db.turn(OTHER, "Bo Ek", NOW)
    response = cancel(api_client)
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": SENDER, "text": CANCELLED}]  # the signal stays here
    assert rasa_db.events(SENDER) == []
    assert rasa_db.senders() == {OTHER}
    assert fake_rasa.locked_during_turn  # an erasure waits for the turn in flight


def test_after_the_cancel_the_next_turn_starts_a_new_conversation(api_client, rasa_db, fake_rasa):
    rasa_db.turn(SENDER, "Anna Svensson", NOW - dt.timedelta(minutes=5))
    cancel(api_client)
    rasa_db.turn(SENDER, "jag vill överklaga", NOW + dt.timedelta(minutes=1))
    assert rasa_db.texts(SENDER) == ["jag vill överklaga"]


def test_a_cancel_that_cannot_erase_says_so(api_client, rasa_db, fake_rasa, tmp_path):
    app.dependency_overrides[get_conversation_store] = lambda: unreadable_store(tmp_path)
    response = cancel(api_client)
    assert response.json() == [{"recipient_id": SENDER, "text": CANCEL_NOT_ERASED}]


def test_other_custom_messages_pass_and_erase_nothing(api_client, rasa_db):
    rasa_db.turn(SENDER, "Anna Svensson", NOW)
    answer = [{"recipient_id": SENDER, "custom": {"signal": "something_else"}}]
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
    client = RasaClient(
        httpx.AsyncClient(transport=transport), RasaServers(["http://rasa.test"]), httpx.Timeout(1.0)
    )
    app.dependency_overrides[get_rasa_client] = lambda: client
    assert api_client.post("/api/chat", json={"sender": SENDER, "message": "hej"}).json() == answer
    assert rasa_db.texts(SENDER) == ["Anna Svensson"]


# --- the lock ---


def test_one_lock_per_conversation_while_it_is_in_use():
    lock = conversation_lock(SENDER)
    assert conversation_lock(SENDER) is lock
    assert conversation_lock(OTHER) is not lock
