"""The HTTP client of the Rasa REST channel (`POST /webhooks/rest/webhook`), over one Rasa server or
several workers of one bot.

Workers share the tracker store, so any of them can take any turn; a conversation still goes to the
same one while it answers (its in-memory lock store then keeps the conversation's turns in order even
when the API gave up waiting on one), and to the next when that one cannot be reached.

A chat message can hold a personnummer, so nothing here logs a message, its metadata or Rasa's
answer: failures are logged by kind (exception type, HTTP status) only.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from typing import Any

import httpx
from pydantic import parse_obj_as

from .schemas import ApiModel

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa could not be reached, did not answer in time, or answered with an error or a wrong shape."""


# The request never reached a Rasa that could answer it: the worker is down (refused, or no connection
# in time) or died before answering. Another worker may take it; any other failure is final.
NOT_TAKEN = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)


class RasaServers:
    """The base URLs of the Rasa workers of one bot, and the order in which a conversation tries them.

    >>> servers = RasaServers(["http://127.0.0.1:5011/", "http://127.0.0.1:5012"])
    >>> servers.urls
    ('http://127.0.0.1:5011', 'http://127.0.0.1:5012')
    >>> servers.for_conversation("abc") == servers.for_conversation("abc")
    True
    >>> sorted(servers.for_conversation("abc")) == sorted(servers.urls)
    True
    """

    def __init__(self, urls: Iterable[str]):
        self.urls = tuple(url.rstrip("/") for url in urls)
        if not self.urls:
            raise ValueError("no Rasa server")

    def for_conversation(self, conversation_id: str) -> tuple[str, ...]:
        """Every worker, the conversation's own first (fixed by its id, the same in every API process)."""
        first = zlib.crc32(conversation_id.encode("utf-8")) % len(self.urls)
        return self.urls[first:] + self.urls[:first]


async def rasa_json(
    http: httpx.AsyncClient, method: str, urls: Iterable[str], path: str, what: str, **request: Any
) -> Any:
    """The JSON body of the 200 answer to one request to `path`, sent to the first of `urls` that takes
    it; RasaUnavailable (logged by kind only, as `what` answered) when none can be reached, or the one
    that took it answers with another status or not with JSON."""
    response = None
    for url in urls:
        try:
            response = await http.request(method, url + path, **request)
            break
        except NOT_TAKEN as exc:
            logger.warning("Rasa not reachable: %s", type(exc).__name__)
        except httpx.HTTPError as exc:
            logger.warning("Rasa did not answer: %s", type(exc).__name__)
            raise RasaUnavailable() from None
    if response is None:
        raise RasaUnavailable()
    if response.status_code != 200:
        logger.warning("%s answered HTTP %s", what, response.status_code)
        raise RasaUnavailable()
    try:
        return response.json()
    except ValueError:
        logger.warning("%s answered with an unexpected body", what)
        raise RasaUnavailable() from None


class BotButton(ApiModel):
    title: str
    payload: str


class BotMessage(ApiModel):
    """One message of the bot, as Rasa's REST channel sends it; fields Rasa left out stay None."""

    recipient_id: str
    text: str | None = None
    buttons: list[BotButton] | None = None
    image: str | None = None
    custom: Any = None


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, servers: RasaServers, timeout: httpx.Timeout):
        self._http = http
        self._servers = servers
        self._timeout = timeout

    async def send(self, sender: str, message: str, metadata: dict[str, str]) -> list[BotMessage]:
        """The bot's answers to one user message; RasaUnavailable when there is no usable answer."""
        body = await rasa_json(
            self._http,
            "POST",
            self._servers.for_conversation(sender),
            WEBHOOK_PATH,
            "Rasa",
            json={"sender": sender, "message": message, "metadata": metadata},
            timeout=self._timeout,
        )
        try:
            return parse_obj_as(list[BotMessage], body)
        except ValueError:  # not a list of messages (pydantic's ValidationError is one)
            logger.warning("Rasa answered with an unexpected body")
            raise RasaUnavailable() from None
