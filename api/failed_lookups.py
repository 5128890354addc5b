"""Failed letter look-ups per client: after MAX_FAILURES within WINDOW a client gets 429 until the
oldest of them leaves the window.

A link token cannot be guessed (api/routers/letter_download.py), so this only keeps a client from
hammering the route, and from trying stolen or stale links in bulk. The client is the connection's
address: behind a proxy, run uvicorn with `--proxy-headers` so it is the user's, not the proxy's.
The counts live in this process's memory; nothing here reads the clock (`now` is an argument).
"""
from __future__ import annotations

import datetime as dt
import math
from collections import deque

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=10)
# Bounds the memory: past it, clients with nothing in the window are forgotten, then the longest known.
MAX_CLIENTS = 10_000
class FailedLookups:
    def __init__(self) -> None:
        self._failures: dict[str, deque[dt.datetime]] = {}

    def retry_after(self, client: str, now: dt.datetime) -> int | None:
        """Seconds until `client` may look up again, or None when it may now."""
        failures = self._recent(client, now)
        if len(failures) < MAX_FAILURES:
            return None
        return max(1, math.ceil((failures[0] + WINDOW - now).total_seconds()))

    def record(self, client: str, now: dt.datetime) -> None:
        if client not in self._failures and len(self._failures) >= MAX_CLIENTS:
            for known in list(self._failures):
                self._recent(known, now)
            if len(self._failures) >= MAX_CLIENTS:
                del self._failures[next(iter(self._failures))]
        self._failures.setdefault(client, deque()).append(now)

    def _recent(self, client: str, now: dt.datetime) -> deque[dt.datetime]:
        """The client's failures within the window (the older ones dropped; a client with none forgotten)."""
        failures = self._failures.get(client, deque())
        while failures and failures[0] <= now - WINDOW:
            failures.popleft()
        if not failures:
            self._failures.pop(client, None)
        return failures
