"""Reading a conversation from Rasa's HTTP API (`GET /conversations/<id>/tracker`), on localhost and
token-protected, and deciding whether it holds a confirmed letter (the appeal, the registration of
företrädesrätt).

A tracker holds what the user wrote (a personnummer only as a sealed token, but names and addresses in
clear), so nothing here logs a tracker, an event or a conversation id: failures by kind only.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from actions.letter_slots import NOTICE_SLOTS
from hiring_rules.appeal_fields import FIELD_NAMES

from .rasa_client import RasaServers, RasaUnavailable, rasa_json

logger = logging.getLogger(__name__)
# httpx logs every request's URL at INFO; a tracker URL holds the conversation id and the Rasa token.
logging.getLogger("httpx").setLevel(logging.WARNING)

TRACKER_PATH = "/conversations/{conversation}/tracker"


@dataclass(frozen=True)
class ChatLetter:
    """A letter the chat writes: the slots it is built from, and the action the bot runs only after
    the user answered yes to its summary."""

    fields: tuple[str, ...]
    action: str


# data/rules/appeal.yml, "the summary is confirmed; write the letter"
APPEAL = ChatLetter(FIELD_NAMES, "action_appeal_letter")
# data/rules/reemployment_notice.yml, "the registration's summary is confirmed; write it"
NOTICE = ChatLetter(NOTICE_SLOTS, "action_reemployment_notice_letter")


class TrackerClient:
    def __init__(self, http: httpx.AsyncClient, servers: RasaServers, token: str, timeout: httpx.Timeout):
        self._http = http
        self._servers = servers
        self._params = {"include_events": "AFTER_RESTART", **({"token": token} if token else {})}
        self._timeout = timeout

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The conversation's events since its last restart ([] for an unknown id); RasaUnavailable
        when Rasa cannot be reached, refuses the token or answers with an unexpected body."""
        path = TRACKER_PATH.format(conversation=quote(conversation_id, safe=""))
        body = await rasa_json(
            self._http, "GET", self._servers, conversation_id, path, "Rasa's tracker API",
            params=self._params, timeout=self._timeout,
        )
        events = body.get("events") if isinstance(body, dict) else None
        if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
            logger.warning("Rasa's tracker API answered with an unexpected body")
            raise RasaUnavailable()
        return events


def confirmed_letter_slots(
    events: list[dict[str, Any]], letter: ChatLetter = APPEAL
) -> dict[str, Any] | None:
    """The letter's values as the user confirmed them, or None when there is no confirmed letter.

    Confirmed means: the letter action ran, and none of the letter's slots changed value after it. A
    correction, "avbryt" or a new answer withdraws the confirmation until the next summary is confirmed;
    a slot set again to the value it had (a new session carries the slots over) does not.
    """
    values: dict[str, Any] = {}
    confirmed: dict[str, Any] | None = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") in letter.fields:
            values[event["name"]] = event.get("value")
        elif kind == "action" and event.get("name") == letter.action:
            confirmed = dict(values)
        elif kind in ("restart", "reset_slots"):
            values, confirmed = {}, None
    return confirmed if confirmed is not None and confirmed == values else None
