"""The HTTP client of the Rasa REST channel (`POST /webhooks/rest/webhook`).

A chat message can hold a personnummer, so nothing here logs a message, its metadata or Rasa's
answer: failures are logged by kind (exception type, HTTP status) only.
"""
from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

import httpx
from fastapi import Depends, FastAPI, Request
from pydantic import parse_obj_as

from .schemas import ApiModel
from .settings import Settings, get_settings

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
HTTP_STATE_KEY = "rasa_http"  # the pooled AsyncClient in the app's lifespan state


class RasaUnavailable(Exception):
    """Rasa could not be reached, did not answer in time, or answered with an error or a wrong shape."""


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
        try:
            response = await self._http.post(
                self._webhook_url,
                json={"sender": sender, "message": message, "metadata": metadata},
                timeout=self._timeout,
            )
        except httpx.HTTPError as exc:
            logger.warning("Rasa not reachable: %s", type(exc).__name__)
            raise RasaUnavailable() from None
        if response.status_code != 200:
            logger.warning("Rasa answered HTTP %s", response.status_code)
            raise RasaUnavailable()
        try:
            return parse_obj_as(list[BotMessage], response.json())
        except ValueError:  # not JSON, or not a list of messages (pydantic's ValidationError is one)
            logger.warning("Rasa answered with an unexpected body")
            raise RasaUnavailable() from None


@asynccontextmanager
async def rasa_http_lifespan(app: FastAPI) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """One connection pool to Rasa for the life of the app, handed to requests as lifespan state."""
    # trust_env=False: Rasa listens on localhost, an HTTP(S)_PROXY from the environment must not apply.
    async with httpx.AsyncClient(trust_env=False) as http:
        yield {HTTP_STATE_KEY: http}


async def get_rasa_client(request: Request, settings: Settings = Depends(get_settings)) -> RasaClient:
    timeout = httpx.Timeout(settings.rasa_timeout, connect=settings.rasa_connect_timeout)
    return RasaClient(getattr(request.state, HTTP_STATE_KEY), settings.rasa_url, timeout)
