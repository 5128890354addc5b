from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from hiring_rules.agencies import Registry
from hiring_rules.answer_index import MAX_QUERY_LENGTH, AnswerIndex, default_index

from ..dependencies import get_registry
from ..schemas import INVALID_REQUEST, AnswerHit

router = APIRouter(tags=["answers"])


def get_answer_index() -> AnswerIndex:
    return default_index()


def agency_filter(agency: str | None, registry: Registry) -> str | None:
    """The registry key to filter on; None for no filter (absent or empty, as a form's "Alla" sends)."""
    if agency is None or not agency.strip():
        return None
    return registry.get(agency).key


@router.get(
    "/answers",
    response_model=list[AnswerHit],
    responses=INVALID_REQUEST,
    summary="Sök bland assistentens svar / Search the assistant's answers",
    description=(
        "För HR:s helpdesk: assistentens svar ordagrant ur botens domänfiler, med arbetsgivare och "
        "källsida, bäst träff först. Tål att å, ä och ö saknas och olika böjningsformer "
        "(intervjuer, intervjun). Med `agency` visas den arbetsgivarens svar och svaren som gäller "
        "alla."
    ),
)
def search_answers(
    q: str = Query(..., description=f"Sökord, högst {MAX_QUERY_LENGTH} tecken", example="intervju"),
    agency: str | None = Query(
        None, max_length=60, description="Arbetsgivarens nyckel", example="migrationsverket"
    ),
    index: AnswerIndex = Depends(get_answer_index),
    registry: Registry = Depends(get_registry),
) -> list[dict]:
    return [hit.as_dict() for hit in index.search(q, agency_filter(agency, registry))]
