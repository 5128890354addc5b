from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Query, Response

from hiring_rules import deadline_calendar
from hiring_rules.agencies import Registry
from hiring_rules.deadline import appeal_deadline

from ..dependencies import get_now, get_registry, get_today
from ..schemas import INVALID_REQUEST, DeadlineRequest, DeadlineResponse, IsoDate

router = APIRouter(tags=["deadline"], responses=INVALID_REQUEST)


@router.post(
    "/deadline",
    response_model=DeadlineResponse,
    summary="Sista dag att överklaga / Appeal deadline",
    description=(
        "Tre veckor från dagen då beslutet anslogs, flyttad till nästa vardag enligt lagen (1930:173) "
        "om beräkning av lagstadgad tid."
    ),
)
def compute_deadline(body: DeadlineRequest, server_today: dt.date = Depends(get_today)) -> DeadlineResponse:
    return DeadlineResponse.from_orm(appeal_deadline(body.posted_on, body.today or server_today))


@router.get(
    "/deadline.ics",
    response_class=Response,
    responses={
        200: {
            "description": "Kalenderfil (iCalendar) / an iCalendar file",
            "content": {deadline_calendar.MEDIA_TYPE: {}},
        },
    },
    summary="Sista dagen i kalendern / The appeal deadline as a calendar file",
    description=(
        "En heldagshändelse på sista dagen att överklaga, med påminnelse "
        f"{deadline_calendar.REMINDER_DAYS_BEFORE} dagar innan och arbetsgivarens adress för "
        "överklaganden. En kommun (ingen statlig överklagandeväg), en anslagsdag efter i dag och en "
        "sista dag som redan har varit ger 422."
    ),
    name="deadline_calendar",
)
def deadline_calendar_file(
    posted_on: IsoDate = Query(..., description="Dagen då beslutet anslogs / the day it was posted"),
    agency: str = Query(..., max_length=60, description="Nyckel i myndighetsregistret",
                        example="migrationsverket"),
    today: dt.date = Depends(get_today),
    now: dt.datetime = Depends(get_now),
    registry: Registry = Depends(get_registry),
) -> Response:
    employer = registry.get(agency)
    return Response(
        content=deadline_calendar.appeal_calendar(posted_on, today, employer, now),
        media_type=deadline_calendar.MEDIA_TYPE,
        headers={
            "Content-Disposition": (
                f'attachment; filename="{deadline_calendar.file_name(posted_on, employer)}"'
            ),
        },
    )
