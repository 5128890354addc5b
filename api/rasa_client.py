"""The HTTP client of the Rasa REST channel (`POST /webhooks/rest/webhook`), over one Rasa server or
several workers of one bot.

Workers share the tracker store, so any of them can take any turn; a conversation still goes to the
same one while it answers (its in-memory lock store then keeps the conversation's turns in order even
when the API gave up waiting on one), and to the next when that one cannot be reached. A new
conversation goes to the worker with the fewest requests in flight: each worker is one process on one
core, and conversations placed by their id alone leave one busy and the other idle (7 of 10 on one
worker is as likely as 5 and 5).

A chat message can hold a personnummer, so nothing here logs a message, its metadata or Rasa's
answer: failures are logged by kind (exception type, HTTP status) only.
"""
from __future__ import annotations

import logging
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import parse_obj_as

from .schemas import ApiModel

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
# Conversations whose worker an API process remembers, the least recently active forgotten first.
CONVERSATIONS_REMEMBERED = 100_000


class RasaUnavailable(Exception):
    """Rasa could not be reached, did not answer in time, or answered with an error or a wrong shape."""


# The request never reached a Rasa that could answer it: the worker is down (refused, or no connection
# in time) or died before answering. Another worker may take it; any other failure is final.
NOT_TAKEN = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)


class RasaServers:
    """The base URLs of the Rasa workers of one bot, and the order in which a conversation tries them.

    One per API process: it remembers each conversation's worker (the one that last answered it) and
    counts the requests in flight to each worker.

    >>> servers = RasaServers(["http://127.0.0.1:5011/", "http://127.0.0.1:5012"])
    >>> servers.urls
    ('http://127.0.0.1:5011', 'http://127.0.0.1:5012')
    >>> servers.for_conversation("abc") == servers.for_conversation("abc")
    True
    >>> sorted(servers.for_conversation("abc")) == sorted(servers.urls)
    True
    """

    def __init__(self, urls: Iterable[str], remembered: int = CONVERSATIONS_REMEMBERED):
        self.urls = tuple(url.rstrip("/") for url in urls)
        if not self.urls:
            raise ValueError("no Rasa server")
        self._in_flight = dict.fromkeys(self.urls, 0)
        self._homes: OrderedDict[str, str] = OrderedDict()
        self._remembered = remembered

    def for_conversation(self, conversation_id: str) -> tuple[str, ...]:
        """Every worker, the conversation's own first: the one that answered it last, else (a new
        conversation, or one this process has forgotten) the least busy, ties broken by the
        conversation's id so that an idle bot places it the same in every API process."""
        first = zlib.crc32(conversation_id.encode("utf-8")) % len(self.urls)
        by_id = self.urls[first:] + self.urls[:first]
        home = self._homes.get(conversation_id) or min(by_id, key=self._in_flight.__getitem__)
        at = self.urls.index(home)
        return self.urls[at:] + self.urls[:at]

    @contextmanager
    def asking(self, url: str) -> Iterator[None]:
        """Counts a request to `url` as in flight while it lasts."""
        self._in_flight[url] += 1
        try:
            yield
        finally:
            self._in_flight[url] -= 1

    def answered(self, conversation_id: str, url: str) -> None:
        """`url` took the conversation's turn: its next ones go there too."""
        self._homes[conversation_id] = url
        self._homes.move_to_end(conversation_id)
        if len(self._homes) > self._remembered:
            self._homes.popitem(last=False)


async def rasa_json(
    http: httpx.AsyncClient,
    method: str,
    servers: RasaServers,
    conversation_id: str,
    path: str,
    what: str,
    **request: Any,
) -> Any:
    """The JSON body of the 200 answer to one request to `path` about `conversation_id`, sent to the
    first of its workers that takes it; RasaUnavailable (logged by kind only, as `what` answered) when
    none can be reached, or the one that took it answers with another status or not with JSON."""
    response = None
    for url in servers.for_conversation(conversation_id):
        try:
            with servers.asking(url):
                response = await http.request(method, url + path, **request)
            servers.answered(conversation_id, url)
            break
        except NOT_TAKEN as exc:
            logger.warning("Rasa not reachable: %s", type(exc).__name__)
        except httpx.HTTPError as exc:
            servers.answered(conversation_id, url)  # it may still be working on the turn
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
            self._servers,
            sender,
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
