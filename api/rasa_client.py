"""The HTTP client of the Rasa REST channel (`POST /webhooks/rest/webhook`), over one Rasa server or
several workers of one bot.

Workers share the tracker store, so any of them can take any turn: each turn goes to the worker with
the fewest requests in flight (each worker is one process on one core, and conversations kept to one
worker leave one busy and the other idle as often as not), and to the next when that one cannot be
reached. A conversation goes back to its own worker (the one that took its last turn) while one of its
turns is in flight there, or while one ended without an answer and may still be worked on: that
worker's in-memory lock store then keeps the conversation's turns in order. On a tie it goes to its own
worker too.

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
    """The base URLs of the Rasa workers of one bot, and the order in which a conversation's turn tries
    them.

    One per API process: it remembers each conversation's worker (the one that took its last turn) and
    whether that turn was answered, and counts the requests in flight to each worker and for each
    conversation.

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
        self._turns_in_flight: dict[str, int] = {}
        # conversation -> (its worker, whether that worker may still be working on a turn it did not answer)
        self._homes: OrderedDict[str, tuple[str, bool]] = OrderedDict()
        self._remembered = remembered

    def for_conversation(self, conversation_id: str) -> tuple[str, ...]:
        """Every worker, the one to try first in front: the conversation's own while a turn of it is in
        flight or unanswered there, else the least busy; on a tie its own, else (a new conversation, or
        one this process has forgotten) the one its id gives, so that an idle bot places it the same in
        every API process."""
        home, unsettled = self._homes.get(conversation_id, (None, False))
        if home is None or not (unsettled or self._turns_in_flight.get(conversation_id)):
            first = zlib.crc32(conversation_id.encode("utf-8")) % len(self.urls)
            by_id = self.urls[first:] + self.urls[:first]
            candidates = (home, *by_id) if home else by_id
            home = min(candidates, key=self._in_flight.__getitem__)
        at = self.urls.index(home)
        return self.urls[at:] + self.urls[:at]

    @contextmanager
    def asking(self, url: str, conversation_id: str) -> Iterator[None]:
        """Counts a request for the conversation to `url` as in flight while it lasts."""
        self._in_flight[url] += 1
        self._turns_in_flight[conversation_id] = self._turns_in_flight.get(conversation_id, 0) + 1
        try:
            yield
        finally:
            self._in_flight[url] -= 1
            left = self._turns_in_flight.pop(conversation_id) - 1
            if left:
                self._turns_in_flight[conversation_id] = left

    def answered(self, conversation_id: str, url: str, *, settled: bool = True) -> None:
        """`url` took the conversation's turn; not `settled`: it did not answer, and may still be working
        on it, so the conversation's next turns go there until one is answered."""
        self._homes[conversation_id] = (url, not settled)
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
            with servers.asking(url, conversation_id):
                response = await http.request(method, url + path, **request)
            servers.answered(conversation_id, url)
            break
        except NOT_TAKEN as exc:
            logger.warning("Rasa not reachable: %s", type(exc).__name__)
        except httpx.HTTPError as exc:
            servers.answered(conversation_id, url, settled=False)  # it may still be working on the turn
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
