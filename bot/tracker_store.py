"""Rasa's SQL tracker store with two per-turn costs taken out; the table and its rows are Rasa's own.

Every turn Rasa loads the conversation from the store and saves what the turn added. The profile of a
chat turn (`make profile-chat`) put 30 % of Rasa's CPU there, for two reasons this class removes:

- Loading rebuilds each event with `Event.from_parameters`, which walks the whole tree of Event
  subclasses again for every single event (`rasa.shared.utils.common.all_subclasses`): more than half
  of a load. Here the class of each event type is looked up once per process.
- On SQLite, SQLAlchemy 1.4 opens and closes a new connection for every load and every save (its
  NullPool for files), and every save is a commit in the default rollback-journal mode, with its waits
  on the disk while Rasa's event loop stands still. Here the connections are kept in a pool, and SQLite
  runs in write-ahead-log mode with `synchronous=NORMAL`: a commit is an append to the log, and a crash
  of any process (Rasa, the API) loses nothing; only a power cut or an OS crash can lose the last turns.
  Readers and the writer also no longer block each other (two Rasa workers and the API share the file).

Other dialects (PostgreSQL in the scale-out profile) are left as Rasa configures them.
"""
from __future__ import annotations

import functools
import json
from typing import Any, Optional

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


@functools.lru_cache(maxsize=None)
def event_class(type_name: str) -> type[Event]:
    """The Event subclass of a stored event's "event" name (Rasa's own lookup, done once per name)."""
    return Event.resolve_by_type(type_name)


def event_from_dict(data: dict[str, Any]) -> Event:
    """What `Event.from_parameters` builds from a stored event, without its per-event class search."""
    return event_class(data["event"])._from_parameters(data)


class LeanSQLTrackerStore(SQLTrackerStore):
    """`type: bot.tracker_store.LeanSQLTrackerStore` in an endpoints file, with SQLTrackerStore's keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # Rasa's engine creates the table
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            # Rasa's sessions run on the event loop's thread; the pool may hand a connection to another
            # thread only after it was returned, which SQLAlchemy's docs give as safe for pysqlite.
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _tune_sqlite)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        """SQLTrackerStore._retrieve, with the events rebuilt by `event_from_dict`."""
        with self.session_scope() as session:
            rows = self._event_query(
                session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions
            ).all()
            events = [event_from_dict(json.loads(row.data)) for row in rows]
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_events(sender_id, events, self.domain.slots)


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
