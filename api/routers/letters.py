"""The appeal letter as a downloadable file.

Nothing of the request is logged or stored: the letter is built and rendered in memory and returned.
"""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Response

from hiring_rules import letter
from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_registry, get_today
from ..errors import FORMAT_UNKNOWN
from ..schemas import INVALID_REQUEST, LetterRequest

router = APIRouter(tags=["letters"])


@router.post(
    "/letters",
    response_class=Response,
    responses={
        200: {
            "description": "Överklagandet i valt format / the letter in the chosen format",
            "content": {media_type: {} for media_type in letter.MEDIA_TYPES.values()},
        },
        **INVALID_REQUEST,
    },
    summary="Skriv överklagandet / Write the appeal letter",
    description=(
        "Överklagande av ett statligt anställningsbeslut, adresserat till myndigheten som fattade "
        "beslutet. Kommuner kan inte överklagas hos Statens överklagandenämnd och ger 422."
    ),
)
def write_letter(
    body: LetterRequest,
    fmt: str = Query("pdf", alias="format", max_length=10, description="pdf, txt, html eller docx"),
    today: dt.date = Depends(get_today),
    registry: Registry = Depends(get_registry),
) -> Response:
    fmt = fmt.strip().lower()
    if fmt not in letter.FORMATS:
        raise InvalidInput("format", FORMAT_UNKNOWN.format(known=", ".join(letter.FORMATS)))
    appeal = letter.build_letter(letter.AppealRequest(**body.dict()), today, registry)
    return letter_response(appeal, fmt)


def letter_response(appeal: letter.AppealLetter, fmt: str) -> Response:
    """The rendered letter as a download; shared by this route and the chat's letter download."""
    return Response(
        content=letter.render(appeal, fmt),
        media_type=letter.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{letter.file_name(appeal, fmt)}"',
            "Cache-Control": "no-store",  # the letter holds a personnummer: no copies in caches
        },
    )
