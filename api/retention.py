"""Retention: a conversation is deleted from Rasa's tracker store once its latest event is older than
CONVERSATION_RETENTION_DAYS, checked when the API starts and every hour after.

It runs here, in the API's lifespan, rather than in a tracker store class loaded by Rasa: the API
opens the store anyway to erase a conversation on request (api/conversation_store.py), so one adapter
holds every deletion, and Rasa keeps its stock SQLTrackerStore. It does not matter which process
starts first. The API never creates the store, so when Rasa has not made it yet the run at start
finds nothing and the hourly runs take over; conversations kept while the API was down are deleted
when it starts. With several API processes each runs the schedule; the deletions are idempotent.
A run takes no conversation locks: a user who writes at the very moment their expired conversation is
deleted may have that turn write it back, which leaves it as recent as the turn, so kept by the rule.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from contextlib import asynccontextmanager, suppress
from typing import AsyncIterator, Awaitable, Callable

from .conversation_store import ConversationStore, StoreUnavailable
from .dependencies import get_now
from .settings import get_settings
from .tracker_store_url import tracker_store_url

logger = logging.getLogger(__name__)

INTERVAL = dt.timedelta(hours=1)


def cutoff(now: dt.datetime, retention_days: int) -> dt.datetime:
    """Conversations whose latest event is older than this moment are deleted."""
    return now - dt.timedelta(days=retention_days)


async def purge(store: ConversationStore, now: dt.datetime, retention_days: int) -> None:
    """One retention run; a store that cannot be reached is logged and tried again at the next run."""
    try:
        deleted = await store.delete_older_than(cutoff(now, retention_days))
    except StoreUnavailable:
        logger.warning("Retention: the tracker store could not be reached; next try in %s", INTERVAL)
        return
    if deleted:
        logger.info("Retention: deleted %d events of conversations past %d days", deleted, retention_days)


async def keep_purging(
    store: ConversationStore,
    retention_days: int,
    clock: Callable[[], dt.datetime],
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """A retention run every INTERVAL, until cancelled."""
    while True:
        await sleep(INTERVAL.total_seconds())
        await purge(store, clock(), retention_days)


@asynccontextmanager
async def retained_store() -> AsyncIterator[ConversationStore]:
    """The tracker store of RASA_ENDPOINTS, open for the life of the app (a missing or non-SQL store
    stops the start, since erasing would then be impossible), with retention run at start, then hourly."""
    settings = get_settings()
    store = ConversationStore(tracker_store_url(settings.rasa_endpoints))
    await purge(store, get_now(), settings.conversation_retention_days)
    schedule = asyncio.create_task(keep_purging(store, settings.conversation_retention_days, get_now))
    try:
        yield store
    finally:
        schedule.cancel()
        with suppress(asyncio.CancelledError):
            await schedule
        store.close()
