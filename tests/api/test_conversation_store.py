"""Deleting conversations from Rasa's SQL tracker store (api/conversation_store.py) and retention
(api/retention.py), on SQLite databases written by Rasa's own SQLTrackerStore with a fake clock; on
PostgreSQL too when a server is given (RASA_DB_* as for bot/endpoints.scale.yml), else skipped."""
import asyncio
import datetime as dt
import logging
import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from api import retention
from api.conversation_store import ConversationStore, StoreUnavailable
from api.main import app
from api.settings import get_settings
from api.tracker_store_url import TrackerStoreConfigError, tracker_store_url
from tests.api.rasa_tracker_db import RasaTrackerDb

REPO = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)
ANNA, BO, CILLA = ("anna-" + "a" * 27, "bo-" + "b" * 29, "cilla-" + "c" * 26)


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def rasa_db(db_path):
    return RasaTrackerDb.sqlite(db_path)


@pytest.fixture
def store(db_path):
    store = ConversationStore(sa.engine.make_url(f"sqlite:///{db_path}"))
    yield store
    store.close()


# --- erasing one conversation ---


def test_erase_deletes_every_session_of_one_conversation_only(rasa_db, store):
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 3 * DAY)
    rasa_db.turn(ANNA, "Storgatan 1, 123 45 Karlstad", NOW - 2 * DAY)
    rasa_db.turn(BO, "Bo Ek", NOW)
    assert run(store.erase(ANNA)) > 0
    assert rasa_db.events(ANNA) == []
    assert rasa_db.senders() == {BO}
    assert rasa_db.texts(BO) == ["Bo Ek"]


def test_erasing_an_unknown_conversation_deletes_nothing(rasa_db, store):
    rasa_db.turn(BO, "Bo Ek", NOW)
    assert run(store.erase(ANNA)) == 0
    assert rasa_db.senders() == {BO}


def test_after_erasing_rasa_starts_the_conversation_afresh(rasa_db, store):
    """Rasa's SQLTrackerStore reads the conversation at the start of a turn and inserts only what the
    table lacks: after the deletion the next turn is a new conversation, nothing old comes back."""
    rasa_db.turn(ANNA, "Anna Svensson", NOW - DAY)
    run(store.erase(ANNA))
    rasa_db.turn(ANNA, "Hej igen", NOW)
    events = rasa_db.events(ANNA)
    assert rasa_db.texts(ANNA) == ["Hej igen"]
    assert [event["event"] for event in events][:2] == ["action", "session_started"]
    assert "Anna Svensson" not in str(events)


# --- a store Rasa has not made yet (the API started first) ---


def test_a_store_rasa_has_not_made_is_left_alone_and_found_later(db_path, store):
    assert run(store.erase(ANNA)) == 0
    assert run(store.delete_older_than(NOW)) == 0
    assert not db_path.exists()  # the API creates neither the file nor the table
    rasa_db = RasaTrackerDb.sqlite(db_path)  # Rasa starts and makes its table
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 40 * DAY)
    assert run(store.delete_older_than(NOW - 30 * DAY)) > 0
    assert rasa_db.senders() == set()


def test_an_empty_database_without_rasas_table(db_path, store):
    sa.create_engine(f"sqlite:///{db_path}").connect().close()  # the file exists, no table yet
    assert run(store.delete_older_than(NOW)) == 0
    assert sa.inspect(sa.create_engine(f"sqlite:///{db_path}")).get_table_names() == []


def test_a_database_that_cannot_be_read_is_unavailable(db_path, store):
    db_path.write_bytes(b"this is not an SQLite database" * 100)
    with pytest.raises(StoreUnavailable):
        run(store.erase(ANNA))


# --- retention: the latest event decides ---


def test_conversations_whose_latest_event_is_older_than_the_period_are_deleted(rasa_db, store):
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 3 * DAY)  # latest 3 days ago: gone
    rasa_db.turn(BO, "Bo Ek", NOW - 10 * DAY)
    rasa_db.turn(BO, "Ågatan 2", NOW - DAY)  # began 10 days ago, latest yesterday: kept, all of it
    rasa_db.turn(CILLA, "Cilla", NOW - 2 * DAY)  # exactly the period: kept
    run(retention.purge(store, NOW, retention_days=2))
    assert rasa_db.senders() == {BO, CILLA}
    assert rasa_db.texts(BO) == ["Bo Ek", "Ågatan 2"]


def test_the_cutoff_is_the_period_before_now():
    assert retention.cutoff(NOW, 30) == NOW - 30 * DAY


def test_retention_runs_every_hour(rasa_db, store):
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 2 * DAY + 30 * dt.timedelta(minutes=1))
    clock = {"now": NOW}
    slept = []

    async def sleep(seconds):
        if len(slept) == 2:
            raise asyncio.CancelledError()
        slept.append(seconds)
        clock["now"] += dt.timedelta(seconds=seconds)

    with pytest.raises(asyncio.CancelledError):
        run(retention.keep_purging(store, 2, lambda: clock["now"], sleep))
    assert slept == [3600, 3600]
    assert rasa_db.senders() == set()  # old enough at the first hourly run


def test_retention_logs_no_conversation_and_survives_an_unreadable_store(db_path, rasa_db, store, caplog):
    caplog.set_level(logging.DEBUG)
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 40 * DAY)
    run(retention.purge(store, NOW, 30))
    db_path.write_bytes(b"not a database" * 100)
    run(retention.purge(store, NOW, 30))  # logged, not raised
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name.startswith("api"))
    assert "Retention: deleted" in logged and "could not be reached" in logged
    assert ANNA not in logged and "Anna" not in logged


# --- the API: at start and on a fake clock ---


def test_the_api_applies_the_retention_setting_when_it_starts(tracker_db, monkeypatch):
    rasa_db = RasaTrackerDb.sqlite(tracker_db)
    rasa_db.turn(ANNA, "Anna Svensson", NOW - 4 * DAY)
    rasa_db.turn(BO, "Bo Ek", NOW - 2 * DAY)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "3")
    monkeypatch.setattr(retention, "get_now", lambda: NOW)
    get_settings.cache_clear()
    with TestClient(app):
        assert rasa_db.senders() == {BO}


def test_the_api_does_not_start_without_rasas_sql_store(tmp_path, monkeypatch):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n", encoding="utf-8")
    monkeypatch.setenv("RASA_ENDPOINTS", str(endpoints))
    get_settings.cache_clear()
    with pytest.raises(TrackerStoreConfigError, match="not Rasa's SQL tracker store"):
        with TestClient(app):
            pass
    get_settings.cache_clear()


@pytest.mark.parametrize("value", ["0", "-1", "trettio"])
def test_the_retention_setting_must_be_a_positive_number_of_days(monkeypatch, value):
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", value)
    from pydantic import ValidationError

    from api.settings import Settings

    with pytest.raises(ValidationError):
        Settings()


# --- the endpoints file, read as Rasa reads it ---

SCALE_ENV = {
    "RASA_DB_HOST": "db.internal", "RASA_DB_PORT": "5433", "RASA_DB_NAME": "rasa",
    "RASA_DB_USER": "rasa_user", "RASA_DB_PASSWORD": "p@ss:word/1",
    "RASA_REDIS_HOST": "redis.internal", "RASA_REDIS_PORT": "6379", "RASA_REDIS_DB": "0",
    "RASA_REDIS_PASSWORD": "r",
}


def rasa_url(endpoints_file: Path, environ: dict) -> sa.engine.URL:
    """The URL Rasa's SQLTrackerStore connects to for this file."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    saved = dict(os.environ)
    os.environ.update(environ)
    try:
        config = read_endpoint_config(str(endpoints_file), "tracker_store")
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return sa.engine.make_url(SQLTrackerStore.get_db_url(host=config.url, **config.kwargs))


@pytest.mark.parametrize("name, environ", [("endpoints.yml", {}), ("endpoints.scale.yml", SCALE_ENV)])
def test_the_store_is_the_one_rasa_uses(name, environ):
    ours = tracker_store_url(REPO / "bot" / name, environ)
    assert ours == rasa_url(REPO / "bot" / name, environ)
    if environ:
        assert (ours.host, ours.port, ours.database) == ("db.internal", 5433, "rasa")
        assert ours.password == "p@ss:word/1"
    else:
        assert (ours.get_backend_name(), ours.database) == ("sqlite", "var/bot/tracker.db")


def test_a_whole_database_url_as_the_host(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: SQL\n  url: ${DB_URL}\n", encoding="utf-8")
    url = tracker_store_url(endpoints, {"DB_URL": "postgresql://u:pw@h:6543/conversations"})
    assert (url.host, url.port, url.database) == ("h", 6543, "conversations")


def test_an_unset_variable_or_a_missing_file_stops_the_start(tmp_path):
    with pytest.raises(TrackerStoreConfigError, match="RASA_DB_HOST is not set"):
        tracker_store_url(REPO / "bot" / "endpoints.scale.yml", {})
    with pytest.raises(TrackerStoreConfigError, match="no such endpoints file"):
        tracker_store_url(tmp_path / "missing.yml", {})


# --- PostgreSQL, when a server is given ---


@pytest.fixture
def postgres():
    """Rasa's store and ours on the server named by RASA_DB_* (bot/endpoints.scale.yml), or a skip."""
    if "RASA_DB_HOST" not in os.environ:
        pytest.skip("no PostgreSQL server (RASA_DB_HOST, _PORT, _NAME, _USER, _PASSWORD unset)")
    url = tracker_store_url(REPO / "bot" / "endpoints.scale.yml")
    try:
        sa.create_engine(url, connect_args={"connect_timeout": 3}).connect().close()
    except sa.exc.OperationalError:
        pytest.skip("the PostgreSQL server of RASA_DB_* does not answer")
    rasa_db = RasaTrackerDb(dialect="postgresql", host=url.host, port=url.port, db=url.database,
                            username=url.username, password=url.password)
    store = ConversationStore(url)
    yield rasa_db, store
    store.close()


def test_postgresql_erase_and_retention(postgres):
    rasa_db, store = postgres
    old, recent = f"pg-old-{uuid.uuid4().hex}", f"pg-recent-{uuid.uuid4().hex}"
    rasa_db.turn(old, "Anna Svensson", NOW - 40 * DAY)
    rasa_db.turn(recent, "Bo Ek", NOW)
    try:
        run(retention.purge(store, NOW, 30))
        assert rasa_db.events(old) == [] and rasa_db.texts(recent) == ["Bo Ek"]
        run(store.erase(recent))
        assert rasa_db.events(recent) == []
    finally:
        run(store.erase(old))
        run(store.erase(recent))
