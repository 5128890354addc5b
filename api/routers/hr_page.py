"""The HR helpdesk page `/hr`: search the assistant's answers, see employer and source, copy an answer.

A GET form whose results the server renders, so searching works without JavaScript; static/hr.js adds
the copy buttons and shows new results without reloading the page.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from hiring_rules.agencies import Registry
from hiring_rules.answer_index import MAX_QUERY_LENGTH, AnswerIndex
from hiring_rules.errors import InvalidInput

from ..dependencies import get_answer_index, get_registry
from ..pages import page

router = APIRouter()


@router.get("/hr", response_class=HTMLResponse, include_in_schema=False)
def hr_page(
    request: Request,
    q: str | None = None,
    agency: str | None = None,
    index: AnswerIndex = Depends(get_answer_index),
    registry: Registry = Depends(get_registry),
) -> HTMLResponse:
    hits, error, status = None, None, 200
    if q is not None:  # the form was sent; a first visit shows the empty form
        try:
            hits = [hit.answer for hit in index.search(q, registry.key_filter(agency))]
        except InvalidInput as exc:
            error, status = {"field": exc.field, "message": exc.message}, 422
    return page(
        request,
        "hr.html",
        {
            "q": q or "",
            "agency": agency or "",
            "agencies": list(registry),
            "hits": hits,
            "error": error,
            "max_query_length": MAX_QUERY_LENGTH,
        },
        embeddable=False,
        status_code=status,
    )
