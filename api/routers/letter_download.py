"""GET /api/letters/<conversation id>.<pdf|txt|docx>: the appeal letter written in the chat.

The letter is built at request time from the conversation's slots in Rasa's tracker (the personnummer
unsealed in memory only) and streamed back; nothing is stored, and nothing of the conversation, its id
or the letter is logged. The conversation id is the random sender id of the chat page (24 random
bytes), so it cannot be guessed; an id of the wrong shape is answered like an unknown one.
"""
from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Depends, HTTPException, Path, Response
from pydantic import BaseModel

from hiring_rules import letter, sealing
from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_registry, get_today
from ..rasa_client import RasaUnavailable
from ..tracker_client import TrackerClient, confirmed_letter_slots, get_tracker_client
from .chat import RASA_UNAVAILABLE, RETRY_AFTER_SECONDS, SenderId
from .letters import letter_response

DOWNLOAD_FORMATS = ("pdf", "txt", "docx")
LETTER_NOT_FOUND = (
    "Det finns inget färdigt överklagande i det här samtalet. Svara på assistentens frågor och "
    "bekräfta sammanfattningen med ja, så skrivs brevet och länken fungerar."
)
_CONVERSATION_ID = re.compile(SenderId.regex.pattern)


class Detail(BaseModel):
    detail: str


router = APIRouter(tags=["letters"])


@router.get(
    "/letters/{conversation_id}.{fmt}",
    response_class=Response,
    responses={
        200: {
            "description": "Överklagandet i valt format / the letter in the chosen format",
            "content": {letter.MEDIA_TYPES[fmt]: {} for fmt in DOWNLOAD_FORMATS},
        },
        404: {"model": Detail, "description": "Inget bekräftat brev i samtalet / no confirmed letter"},
        503: {"model": Detail, "description": "Assistenten svarar inte / Rasa is down"},
    },
    summary="Hämta överklagandet från chatten / Download the letter written in the chat",
    description=(
        "Brevet som assistenten skrev i samtalet, när alla frågor är besvarade och sammanfattningen "
        "bekräftad. Skapas vid varje hämtning och sparas inte."
    ),
)
async def download_letter(
    conversation_id: str = Path(..., description="Samtalets id / the chat's sender id"),
    fmt: str = Path(..., description="pdf, txt eller docx"),
    today: dt.date = Depends(get_today),
    registry: Registry = Depends(get_registry),
    tracker: TrackerClient = Depends(get_tracker_client),
) -> Response:
    if fmt not in DOWNLOAD_FORMATS or not _CONVERSATION_ID.fullmatch(conversation_id):
        raise HTTPException(404, detail=LETTER_NOT_FOUND)
    try:
        events = await tracker.events(conversation_id)
    except RasaUnavailable:
        raise HTTPException(503, detail=RASA_UNAVAILABLE, headers={"Retry-After": RETRY_AFTER_SECONDS})
    slots = confirmed_letter_slots(events)
    if slots is None:
        raise HTTPException(404, detail=LETTER_NOT_FOUND)
    try:
        appeal = letter.build_letter(letter.request_from_slots(slots), today, registry)
    except (InvalidInput, sealing.SealError):  # the chat refused it too; the user fixes it there
        raise HTTPException(404, detail=LETTER_NOT_FOUND) from None
    return letter_response(appeal, fmt)
