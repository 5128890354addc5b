"""What the API opens at start and closes at the end, for every request to use (api/dependencies.py).

A broken data/agencies.yml or answer file stops the start here, not at the first request; the search
index is built once. Then one connection pool to Rasa and the action server, the tracker store with its
retention schedule (api/retention.py), and the count of failed letter look-ups.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

import httpx
from fastapi import FastAPI

from .dependencies import CONVERSATION_STORE, FAILED_LOOKUPS, RASA_HTTP, get_answer_index, get_registry
from .failed_lookups import FailedLookups
from .retention import retained_store


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
    get_registry()
    get_answer_index()
    # trust_env=False: Rasa listens on localhost, an HTTP(S)_PROXY from the environment must not apply.
    async with httpx.AsyncClient(trust_env=False) as http, retained_store() as store:
        yield {RASA_HTTP: http, CONVERSATION_STORE: store, FAILED_LOOKUPS: FailedLookups()}
