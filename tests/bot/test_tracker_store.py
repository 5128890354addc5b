"""bot/tracker_store.py: the same conversations as Rasa's SQL tracker store, from the same rows."""
import asyncio
import sqlite3

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    Event,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.tracker_store import LeanSQLTrackerStore, event_from_dict

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, ask]
slots:
  agency: {type: text, mappings: [{type: custom}]}
  months: {type: float, mappings: [{type: custom}]}
"""
)


def _parse(text: str, intent: str) -> dict:
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.93},
        "intent_ranking": [{"name": intent, "confidence": 0.93}, {"name": "greet", "confidence": 0.07}],
        "entities": [{"entity": "agency", "value": "fk", "start": 0, "end": 2}],
    }


def _session(start: float) -> list[Event]:
    """One conversation session with events of every kind a turn of the assistant writes."""
    return [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start + 1),
        ActionExecuted("action_listen", timestamp=start + 2),
        UserUttered("hej från fk", intent={"name": "ask", "confidence": 0.93},
                    parse_data=_parse("hej från fk", "ask"), timestamp=start + 3),
        SlotSet("agency", "fk", timestamp=start + 4),
        ActiveLoop("appeal_form", timestamp=start + 5),
        ActionExecutionRejected("appeal_form", timestamp=start + 6),
        FollowupAction("utter_greet", timestamp=start + 7),
        BotUttered("Hej!", {"buttons": [{"title": "Ja", "payload": "/affirm"}]}, timestamp=start + 8),
        SlotSet("months", 14.0, timestamp=start + 9),
        ActionExecuted("action_listen", timestamp=start + 10),
    ]


def _run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "tracker.db"


def test_a_conversation_reads_back_as_rasas_own_store_reads_it(db):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker.from_events("c1", _session(1000.0) + [Restarted(timestamp=1011.0)]
                                               + _session(2000.0), DOMAIN.slots)
    _run(lean.save(tracker))

    ours = _run(lean.retrieve("c1"))
    rasas = _run(SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db)).retrieve("c1"))

    assert list(ours.events) == list(rasas.events)
    assert ours.current_state(EventVerbosity.ALL) == rasas.current_state(EventVerbosity.ALL)
    assert ours.get_slot("agency") == "fk" and ours.active_loop_name == "appeal_form"
    assert len(ours.events) == len(_session(0)) - 1  # from the latest SessionStarted on, as in Rasa


def test_the_full_tracker_and_an_unknown_conversation_are_as_in_rasa(db):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    _run(lean.save(DialogueStateTracker.from_events("c2", _session(1000.0) + _session(2000.0), DOMAIN.slots)))

    assert len(_run(lean.retrieve_full_tracker("c2")).events) == 2 * len(_session(0))
    assert _run(lean.retrieve("nobody")) is None


def test_a_turn_saved_later_is_appended_and_read_back(db):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    events = _session(1000.0)
    _run(lean.save(DialogueStateTracker.from_events("c3", events[:4], DOMAIN.slots)))
    tracker = _run(lean.retrieve("c3"))
    for event in events[4:]:
        tracker.update(event)
    _run(lean.save(tracker))

    read_back = list(_run(lean.retrieve("c3")).events)
    rasas = _run(SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db)).retrieve("c3"))
    assert read_back == list(rasas.events)
    # from SessionStarted on, as in Rasa
    assert [type(event) for event in read_back] == [type(event) for event in events[1:]]
    rows = sqlite3.connect(db).execute("SELECT count(*) FROM events WHERE sender_id = 'c3'").fetchone()
    assert rows == (len(events),)


@pytest.mark.parametrize("event", _session(5.0) + [Restarted(timestamp=9.0)], ids=lambda e: e.type_name)
def test_each_kind_of_event_is_rebuilt_as_rasa_rebuilds_it(event):
    stored = event.as_dict()
    assert event_from_dict(stored) == Event.from_parameters(stored)
    assert type(event_from_dict(stored)) is type(event)


def test_sqlite_runs_with_a_write_ahead_log_and_no_wait_on_the_disk_per_commit(db):
    lean = LeanSQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    _run(lean.save(DialogueStateTracker.from_events("c4", _session(1000.0), DOMAIN.slots)))
    _run(lean.retrieve("c4"))
    assert lean.engine.pool.checkedin() == 1  # one connection, kept between turns
    with lean.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    # The log mode is the file's: every other process opening it (the other worker, the API) uses it too.
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("wal",)
