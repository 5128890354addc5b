"""GET /api/letters/<token>.<pdf|txt|docx> and /api/letters/reemployment-notice/<token>.<fmt>: the
appeal letter and the registration of företrädesrätt written in the chat.

The token is the link's secret (hiring_rules.letter_link): the conversation id, encrypted, valid for 24
hours. A bare conversation id gives no letter. The letter is built at request time from the
conversation's slots in Rasa's tracker (the personnummer unsealed in memory only) and streamed back;
nothing is stored, and nothing of the token, the conversation or the letter is logged. Every failure
answers the same 404, so it tells nothing about why, and counts towards the client's limit of failed
look-ups (api/failed_lookups.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from actions import letter_slots
from hiring_rules import letter_link, letter_render, sealing
from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_failed_lookups, get_now, get_registry, get_today, get_tracker_client
from ..errors import service_unavailable
from ..failed_lookups import FailedLookups
from ..letter_files import letter_response, with_calendar_link
from ..rasa_client import RasaUnavailable
from ..schemas import RASA_DOWN, DetailResponse
from ..tracker_client import APPEAL, NOTICE, ChatLetter, TrackerClient, confirmed_letter_slots

DOWNLOAD_FORMATS = ("pdf", "txt", "docx")
LINK_HOURS = letter_link.LIFETIME_HOURS
LETTER_NOT_FOUND = (
    "Länken till brevet fungerar inte längre eller är felaktig. En länk gäller i "
    f"{LINK_HOURS} timmar, och bara så länge uppgifterna du bekräftade inte har ändrats. Skriv "
    "\"jag vill överklaga\" i chatten och bekräfta sammanfattningen med ja, så får du en ny länk."
)
NOTICE_NOT_FOUND = LETTER_NOT_FOUND.replace("jag vill överklaga", "jag vill anmäla företrädesrätt")
TOO_MANY_FAILED = (
    "För många försök att hämta ett brev har misslyckats. Vänta en stund och försök sedan igen med "
    "länken från chatten."
)
# Shaped like a link token but made with no key: trying it in /docs gives 404.
EXAMPLE_TOKEN = "gAAAAABexempel-bara-ett-exempel-anvand-lanken-fran-chatten"


router = APIRouter(tags=["letters"])
TOKEN_PATH = Path(
    ..., description="Nyckeln i chattens länk / the secret of the chat's link", examples=[EXAMPLE_TOKEN]
)
FORMAT_PATH = Path(..., description="pdf, txt eller docx")


def _responses(what: str) -> dict:
    return {
        200: {
            "description": f"{what} i valt format / the letter in the chosen format",
            "content": {letter_render.MEDIA_TYPES[fmt]: {} for fmt in DOWNLOAD_FORMATS},
        },
        404: {"model": DetailResponse, "description": "Ingen giltig länk till ett bekräftat brev / no letter"},
        429: {"model": DetailResponse, "description": "För många misslyckade försök / too many failed look-ups"},
        **RASA_DOWN,
    }


def _description(what: str) -> str:
    return (
        f"{what} som assistenten skrev i samtalet, när alla frågor är besvarade och sammanfattningen "
        f"bekräftad. Länken från chatten gäller i {LINK_HOURS} timmar. Brevet skapas vid varje hämtning "
        "och sparas inte."
    )


Build = Callable[[dict, dt.date, Registry], letter_render.Letter]


def _as_built(document: letter_render.Letter, request: Request) -> letter_render.Letter:
    return document


@dataclass(frozen=True)
class ChatLetterDownload:
    """One letter the chat writes, and how its route finds and serves it."""

    name: str  # the route's name, and so its OpenAPI operation id
    path: str
    kind: ChatLetter
    build: Build
    not_found: str  # the 404's text: how to get a new link
    summary: str
    responses: dict
    description: str
    finish: Callable[[letter_render.Letter, Request], letter_render.Letter] = _as_built  # before rendering


@dataclass
class ChatLetterLookup:
    """What finding a chat letter needs (a FastAPI dependency), and the finding."""

    request: Request
    today: dt.date = Depends(get_today)
    now: dt.datetime = Depends(get_now)
    registry: Registry = Depends(get_registry)
    tracker: TrackerClient = Depends(get_tracker_client)
    lookups: FailedLookups = Depends(get_failed_lookups)

    async def letter(self, token: str, fmt: str, download: ChatLetterDownload) -> letter_render.Letter:
        """The confirmed letter of `download` behind `token`; 429 while the client has failed too
        often, 404 (counted) when there is none, 503 when Rasa cannot say."""
        client = self.request.client.host if self.request.client else ""
        wait = self.lookups.retry_after(client, self.now)
        if wait is not None:
            raise HTTPException(429, detail=TOO_MANY_FAILED, headers={"Retry-After": str(wait)})
        found = await self._confirmed(token, fmt, download)
        if found is None:
            self.lookups.record(client, self.now)
            raise HTTPException(404, detail=download.not_found)
        return download.finish(found, self.request)

    async def _confirmed(
        self, token: str, fmt: str, download: ChatLetterDownload
    ) -> letter_render.Letter | None:
        if fmt not in DOWNLOAD_FORMATS:
            return None
        try:
            conversation_id = letter_link.conversation_of(token, self.now)
        except letter_link.LinkInvalid:
            return None
        try:
            events = await self.tracker.events(conversation_id)
        except RasaUnavailable:
            raise service_unavailable()
        slots = confirmed_letter_slots(events, download.kind)
        if slots is None:
            return None
        try:
            return download.build(slots, self.today, self.registry)
        except (InvalidInput, sealing.SealError):  # the chat refused it too; the user fixes it there
            return None


DOWNLOADS = (
    ChatLetterDownload(
        "download_letter", "/letters/{token}.{fmt}", APPEAL, letter_slots.appeal_letter, LETTER_NOT_FOUND,
        summary="Hämta överklagandet från chatten / Download the letter written in the chat",
        responses=_responses("Överklagandet"), description=_description("Brevet"),
        finish=with_calendar_link,
    ),
    ChatLetterDownload(
        "download_reemployment_notice", "/letters/reemployment-notice/{token}.{fmt}", NOTICE,
        letter_slots.reemployment_notice, NOTICE_NOT_FOUND,
        summary="Hämta anmälan om företrädesrätt från chatten / Download the registration from the chat",
        responses=_responses("Anmälan om företrädesrätt"),
        description=_description("Anmälan om företrädesrätt"),
    ),
)


def _add_route(download: ChatLetterDownload) -> None:
    async def endpoint(
        token: str = TOKEN_PATH, fmt: str = FORMAT_PATH, lookup: ChatLetterLookup = Depends()
    ) -> Response:
        return letter_response(await lookup.letter(token, fmt, download), fmt)

    router.add_api_route(
        download.path,
        endpoint,
        methods=["GET"],
        name=download.name,
        response_class=Response,
        responses=download.responses,
        summary=download.summary,
        description=download.description,
    )


for _download in DOWNLOADS:
    _add_route(_download)
