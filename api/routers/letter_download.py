"""GET /api/letters/<token>.<pdf|txt|docx>: the appeal letter written in the chat.

The token is the link's secret (hiring_rules.letter_link): the conversation id, encrypted, valid for 24
hours. A bare conversation id gives no letter. The letter is built at request time from the
conversation's slots in Rasa's tracker (the personnummer unsealed in memory only) and streamed back;
nothing is stored, and nothing of the token, the conversation or the letter is logged. Every failure
answers the same 404, so it tells nothing about why, and counts towards the client's limit of failed
look-ups (api/failed_lookups.py).
"""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response

from hiring_rules import letter, letter_link, letter_render, sealing
from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_failed_lookups, get_now, get_registry, get_today, get_tracker_client
from ..errors import service_unavailable
from ..failed_lookups import FailedLookups
from ..letter_files import letter_response, with_calendar_link
from ..rasa_client import RasaUnavailable
from ..schemas import DetailResponse
from ..tracker_client import TrackerClient, confirmed_letter_slots

DOWNLOAD_FORMATS = ("pdf", "txt", "docx")
LINK_HOURS = letter_link.LIFETIME_HOURS
LETTER_NOT_FOUND = (
    "Länken till brevet fungerar inte längre eller är felaktig. En länk gäller i "
    f"{LINK_HOURS} timmar, och bara så länge uppgifterna du bekräftade inte har ändrats. Skriv "
    "\"jag vill överklaga\" i chatten och bekräfta sammanfattningen med ja, så får du en ny länk."
)
TOO_MANY_FAILED = (
    "För många försök att hämta ett brev har misslyckats. Vänta en stund och försök sedan igen med "
    "länken från chatten."
)
# Shaped like a link token but made with no key: trying it in /docs gives 404.
EXAMPLE_TOKEN = "gAAAAABexempel-bara-ett-exempel-anvand-lanken-fran-chatten"


router = APIRouter(tags=["letters"])


@router.get(
    "/letters/{token}.{fmt}",
    response_class=Response,
    responses={
        200: {
            "description": "Överklagandet i valt format / the letter in the chosen format",
            "content": {letter_render.MEDIA_TYPES[fmt]: {} for fmt in DOWNLOAD_FORMATS},
        },
        404: {"model": DetailResponse, "description": "Ingen giltig länk till ett bekräftat brev / no letter"},
        429: {"model": DetailResponse, "description": "För många misslyckade försök / too many failed look-ups"},
        503: {"model": DetailResponse, "description": "Assistenten svarar inte / Rasa is down"},
    },
    summary="Hämta överklagandet från chatten / Download the letter written in the chat",
    description=(
        "Brevet som assistenten skrev i samtalet, när alla frågor är besvarade och sammanfattningen "
        f"bekräftad. Länken från chatten gäller i {LINK_HOURS} timmar. Brevet skapas vid varje hämtning "
        "och sparas inte."
    ),
)
async def download_letter(
    request: Request,
    token: str = Path(..., description="Nyckeln i chattens länk / the secret of the chat's link",
                      examples=[EXAMPLE_TOKEN]),
    fmt: str = Path(..., description="pdf, txt eller docx"),
    today: dt.date = Depends(get_today),
    now: dt.datetime = Depends(get_now),
    registry: Registry = Depends(get_registry),
    tracker: TrackerClient = Depends(get_tracker_client),
    lookups: FailedLookups = Depends(get_failed_lookups),
) -> Response:
    client = request.client.host if request.client else ""
    wait = lookups.retry_after(client, now)
    if wait is not None:
        raise HTTPException(429, detail=TOO_MANY_FAILED, headers={"Retry-After": str(wait)})
    appeal = await _confirmed_letter(token, fmt, now, today, registry, tracker)
    if appeal is None:
        lookups.record(client, now)
        raise HTTPException(404, detail=LETTER_NOT_FOUND)
    return letter_response(with_calendar_link(appeal, request), fmt)


async def _confirmed_letter(
    token: str, fmt: str, now: dt.datetime, today: dt.date, registry: Registry, tracker: TrackerClient
) -> letter.AppealLetter | None:
    """The confirmed letter behind `token`, or None; 503 when Rasa cannot say."""
    if fmt not in DOWNLOAD_FORMATS:
        return None
    try:
        conversation_id = letter_link.conversation_of(token, now)
    except letter_link.LinkInvalid:
        return None
    try:
        events = await tracker.events(conversation_id)
    except RasaUnavailable:
        raise service_unavailable()
    slots = confirmed_letter_slots(events)
    if slots is None:
        return None
    try:
        return letter.build_letter(letter.request_from_slots(slots), today, registry)
    except (InvalidInput, sealing.SealError):  # the chat refused it too; the user fixes it there
        return None
