from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends

from hiring_rules import messages
from hiring_rules.deadline import appeal_deadline
from hiring_rules.errors import InvalidInput
from hiring_rules.swedish_format import plain_date

from ..dependencies import get_today
from ..schemas import INVALID_REQUEST, DeadlineRequest, DeadlineResponse

router = APIRouter(tags=["deadline"])


@router.post(
    "/deadline",
    response_model=DeadlineResponse,
    responses=INVALID_REQUEST,
    summary="Sista dag att överklaga / Appeal deadline",
    description=(
        "Tre veckor från dagen då beslutet anslogs, flyttad till nästa vardag enligt lagen (1930:173) "
        "om beräkning av lagstadgad tid."
    ),
)
def compute_deadline(body: DeadlineRequest, server_today: dt.date = Depends(get_today)) -> dict:
    today = body.today or server_today
    if body.posted_on > today:
        raise InvalidInput("posted_on", messages.DATE_IN_FUTURE.format(date=plain_date(body.posted_on)))
    return appeal_deadline(body.posted_on, today).as_dict()
