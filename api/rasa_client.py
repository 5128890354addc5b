"""The HTTP client of the Rasa REST channel (`POST /webhooks/rest/webhook`).

A chat message can hold a personnummer, so nothing here logs a message, its metadata or Rasa's
answer: failures are logged by kind (exception type, HTTP status) only.
"""
from __future__ import annotations

import logging
from typing import Any

import httpx
from pydantic import parse_obj_as

from .schemas import ApiModel

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa could not be reached, did not answer in time, or answered with an error or a wrong shape."""


async def rasa_json(http: httpx.AsyncClient, method: str, url: str, what: str, **request: Any) -> Any:
    """The JSON body of Rasa's 200 answer to one request; RasaUnavailable (logged by kind only, as
    `what` answered) when Rasa cannot be reached, answers with another status or not with JSON."""
    try:
        response = await http.request(method, url, **request)
    except httpx.HTTPError as exc:
        logger.warning("Rasa not reachable: %s", type(exc).__name__)
        raise RasaUnavailable() from None
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
    def __init__(self, http: httpx.AsyncClient, base_url: str, timeout: httpx.Timeout):
        self._http = http
        self._webhook_url = base_url.rstrip("/") + WEBHOOK_PATH
        self._timeout = timeout

    async def send(self, sender: str, message: str, metadata: dict[str, str]) -> list[BotMessage]:
        """The bot's answers to one user message; RasaUnavailable when there is no usable answer."""
        body = await rasa_json(
            self._http,
            "POST",
            self._webhook_url,
            "Rasa",
            json={"sender": sender, "message": message, "metadata": metadata},
            timeout=self._timeout,
        )
        try:
            return parse_obj_as(list[BotMessage], body)
        except ValueError:  # not a list of messages (pydantic's ValidationError is one)
            logger.warning("Rasa answered with an unexpected body")
            raise RasaUnavailable() from None
