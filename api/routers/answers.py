from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from hiring_rules.agencies import Registry
from hiring_rules.answer_index import MAX_QUERY_LENGTH, AnswerIndex

from ..dependencies import get_answer_index, get_registry
from ..schemas import INVALID_REQUEST, AnswerHit

router = APIRouter(tags=["answers"], responses=INVALID_REQUEST)


@router.get(
    "/answers",
    response_model=list[AnswerHit],
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
) -> list[AnswerHit]:
    return [AnswerHit.of(hit) for hit in index.search(q, registry.key_filter(agency))]
