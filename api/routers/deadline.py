from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends

from hiring_rules.deadline import appeal_deadline

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
    return appeal_deadline(body.posted_on, body.today or server_today).as_dict()
