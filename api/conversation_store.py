"""Deleting conversations from Rasa's SQL tracker store: one conversation on request, or every conversation
whose latest event is older than a moment.

Rasa 3.6 has no way to delete a conversation: its HTTP API can only append or replace events, and the
SQL tracker store only ever inserts rows. So the API deletes the rows itself, from the `events` table
of rasa.core.tracker_store.SQLTrackerStore (one row per event; `sender_id` is the conversation id,
`timestamp` the event's Unix time). Deleting every row of a conversation is safe for Rasa between
turns: it reads a conversation from the table at the start of each turn, finds none, and starts a new
one; it writes back only the events a turn adds to what the table holds. A turn in flight while its
rows are deleted would write its whole conversation back, hence api/conversation_lock.py.

The API issues DELETE statements only. It never creates the table (Rasa does when it starts; a table
of the API's own, made first, would stop Rasa from creating the real one), nor an SQLite file: a store
Rasa has not created yet has nothing to delete. Nothing here logs a conversation id.
"""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL
from starlette.concurrency import run_in_threadpool

logger = logging.getLogger(__name__)

EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("timestamp", sa.Float),
)


class StoreUnavailable(Exception):
    """The database could not be reached or refused the deletion."""


class ConversationStore:
    def __init__(self, url: URL):
        self._sqlite_file = Path(url.database) if url.get_backend_name() == "sqlite" else None
        # pool_pre_ping: the retention runs hourly, long enough for a server to drop an idle connection.
        self._engine = sa.create_engine(url, future=True, pool_pre_ping=True)

    async def erase(self, conversation_id: str) -> int:
        """Deletes every event of the conversation; the number deleted (0 for an unknown id)."""
        return await run_in_threadpool(self._delete, EVENTS.c.sender_id == conversation_id)

    async def delete_older_than(self, moment: dt.datetime) -> int:
        """Deletes every conversation whose latest event is older than `moment`; the events deleted."""
        stale = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < moment.timestamp())
        )
        return await run_in_threadpool(self._delete, EVENTS.c.sender_id.in_(stale))

    def close(self) -> None:
        self._engine.dispose()

    def _delete(self, condition: sa.sql.ColumnElement) -> int:
        if self._sqlite_file is not None and not self._sqlite_file.exists():
            return 0
        try:
            with self._engine.begin() as connection:
                if not sa.inspect(connection).has_table(EVENTS.name):
                    return 0
                return connection.execute(EVENTS.delete().where(condition)).rowcount
        except sa.exc.SQLAlchemyError as exc:  # its message can quote the statement's parameters
            logger.warning("The tracker store refused a deletion: %s", type(exc).__name__)
            raise StoreUnavailable() from None
