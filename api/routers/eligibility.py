from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends

from hiring_rules.agencies import Registry
from hiring_rules.reemployment import Verdict, assess_priority

from ..dependencies import get_registry, get_today
from ..schemas import INVALID_REQUEST, EligibilityRequest, EligibilityResponse

router = APIRouter(tags=["eligibility"], responses=INVALID_REQUEST)


@router.post(
    "/eligibility",
    response_model=EligibilityResponse,
    summary="Företrädesrätt till återanställning / Re-employment priority",
    description="Bedömning enligt LAS 25–27 §§ med skälen. Vägledning, inte juridisk rådgivning.",
)
def assess_eligibility(
    body: EligibilityRequest,
    server_today: dt.date = Depends(get_today),
    registry: Registry = Depends(get_registry),
) -> Verdict:
    agency = registry.get(body.agency) if body.agency else None
    verdict = assess_priority(
        body.termination_reason,
        body.employment_type,
        body.months_employed,
        body.employment_ended_on,
        body.today or server_today,
        registered=body.registered,
        agency=agency,
    )
    return verdict  # read into EligibilityResponse, field by field
