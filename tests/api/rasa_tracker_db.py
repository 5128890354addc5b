"""Conversations written and read with Rasa's own SQLTrackerStore, with the events' times chosen by the
test (a fake clock), so the API's deletions are checked against the store exactly as Rasa uses it.

Used by test_conversation_store.py and test_conversation_erase.py beside it.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import warnings

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Rasa's note that slot auto-fill is gone
    DOMAIN = Domain.from_dict({"slots": {"full_name": {"type": "text", "mappings": [{"type": "from_text"}]}}})


class RasaTrackerDb:
    def __init__(self, **store_settings):
        """`store_settings` as in the endpoints file's tracker_store (dialect, host, port, db, ...)."""
        self.store = SQLTrackerStore(domain=DOMAIN, **store_settings)

    @classmethod
    def sqlite(cls, path) -> "RasaTrackerDb":
        return cls(dialect="sqlite", db=str(path))

    def turn(self, sender: str, text: str, at: dt.datetime) -> None:
        """One user turn at `at`, as Rasa saves it: the conversation read from the store (or a new
        session begun), the user's text, a slot holding it and the bot's answer appended, saved."""
        t = at.timestamp()
        tracker = self._run(self.store.retrieve(sender))
        if tracker is None:
            tracker = DialogueStateTracker.from_events(
                sender,
                [ActionExecuted("action_session_start", timestamp=t), SessionStarted(timestamp=t),
                 ActionExecuted("action_listen", timestamp=t)],
                DOMAIN.slots,
            )
        for event in (
            UserUttered(text, timestamp=t),
            SlotSet("full_name", text, timestamp=t),
            BotUttered("Tack!", timestamp=t),
            ActionExecuted("action_listen", timestamp=t),
        ):
            tracker.update(event)
        self._run(self.store.save(tracker))

    def events(self, sender: str) -> list[dict]:
        """Every stored event of the conversation, all sessions; [] when none."""
        tracker = self._run(self.store.retrieve_full_tracker(sender))
        return [] if tracker is None else [event.as_dict() for event in tracker.events]

    def senders(self) -> set[str]:
        return set(self._run(self.store.keys()))

    def texts(self, sender: str) -> list[str]:
        return [event.get("text") for event in self.events(sender) if event["event"] == "user"]

    @staticmethod
    def _run(coroutine):
        return asyncio.run(coroutine)
