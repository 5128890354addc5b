"""Everything the routers receive through `Depends`, in one place: the employer registry and the answer
index, today's date and the current instant (the one place the API reads the clock), a letter's format
with the rest of a letter route's order, and the services
the app's lifespan opens (api/lifespan.py): the pooled HTTP client to Rasa with the two clients built
on it and the view of Rasa's workers they share, the tracker store, and the count of failed letter
look-ups."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import httpx
from fastapi import Depends, Query, Request

from hiring_rules import letter_render
from hiring_rules.agencies import Registry, default_registry
from hiring_rules.answer_files import default_index
from hiring_rules.answer_index import AnswerIndex
from hiring_rules.errors import InvalidInput

from .conversation_store import ConversationStore
from .errors import FORMAT_UNKNOWN
from .failed_lookups import FailedLookups
from .letter_files import LetterOrder
from .rasa_client import RasaClient, RasaServers
from .settings import Settings, get_settings
from .tracker_client import TrackerClient

# Where the lifespan leaves what it opened (the state of every request).
RASA_HTTP = "rasa_http"
CONVERSATION_STORE = "conversation_store"
FAILED_LOOKUPS = "failed_letter_lookups"


def get_registry() -> Registry:
    return default_registry()


def get_answer_index() -> AnswerIndex:
    return default_index()


def get_today(settings: Settings = Depends(get_settings)) -> dt.date:
    """The server's date in the configured zone, read once per request; the core never reads the clock."""
    return dt.datetime.now(ZoneInfo(settings.timezone)).date()


def get_now() -> dt.datetime:
    """The current instant (UTC), for what expires: letter links, retention, rate limits."""
    return dt.datetime.now(dt.timezone.utc)


def letter_format(
    fmt: str = Query("pdf", alias="format", max_length=10, description="pdf, txt, html eller docx"),
) -> str:
    """The `format` query parameter, case-insensitive; 422 in Swedish for an unknown one."""
    fmt = fmt.strip().lower()
    if fmt not in letter_render.FORMATS:
        raise InvalidInput("format", FORMAT_UNKNOWN.format(known=", ".join(letter_render.FORMATS)))
    return fmt


def get_letter_order(
    fmt: str = Depends(letter_format),
    today: dt.date = Depends(get_today),
    registry: Registry = Depends(get_registry),
) -> LetterOrder:
    return LetterOrder(fmt, today, registry)


def get_rasa_http(request: Request) -> httpx.AsyncClient:
    """The app's pooled client for the services on localhost (Rasa, the action server)."""
    return getattr(request.state, RASA_HTTP)


def _timeout(settings: Settings) -> httpx.Timeout:
    return httpx.Timeout(settings.rasa_timeout, connect=settings.rasa_connect_timeout)


@lru_cache
def _rasa_servers(urls: tuple[str, ...]) -> RasaServers:
    return RasaServers(urls)


def get_rasa_servers(settings: Settings = Depends(get_settings)) -> RasaServers:
    """The process's one view of the Rasa workers: which conversation is whose, how busy each is."""
    return _rasa_servers(tuple(settings.rasa_urls))


def get_rasa_client(
    http: httpx.AsyncClient = Depends(get_rasa_http),
    servers: RasaServers = Depends(get_rasa_servers),
    settings: Settings = Depends(get_settings),
) -> RasaClient:
    return RasaClient(http, servers, _timeout(settings))


def get_tracker_client(
    http: httpx.AsyncClient = Depends(get_rasa_http),
    servers: RasaServers = Depends(get_rasa_servers),
    settings: Settings = Depends(get_settings),
) -> TrackerClient:
    return TrackerClient(http, servers, settings.rasa_token, _timeout(settings))


def get_conversation_store(request: Request) -> ConversationStore:
    return getattr(request.state, CONVERSATION_STORE)


def get_failed_lookups(request: Request) -> FailedLookups:
    return getattr(request.state, FAILED_LOOKUPS)
