"""The chat page at `/`: a Jinja2 template with static JS and CSS (api/static), no build step.

`?agency=<registry key>` names the employer (shown in the header, sent with every message);
`?embed=1` is the compact layout for the iframe that `static/embed.js` opens on an agency's page.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_registry
from ..pages import page
from ..schemas import MAX_MESSAGE_CHARS
from ..settings import Settings, get_settings

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def chat_page(
    request: Request,
    agency: str | None = None,
    embed: str | None = None,
    registry: Registry = Depends(get_registry),
    settings: Settings = Depends(get_settings),
) -> HTMLResponse:
    try:
        employer = registry.get(agency) if agency else None
    except InvalidInput:  # a stale or mistyped link: the page works, just without an employer
        employer = None
    return page(
        request,
        "chat.html",
        {
            "employer": employer,
            "embed": embed == "1",
            "max_message_chars": MAX_MESSAGE_CHARS,
            "retention_days": settings.conversation_retention_days,  # stated in the privacy notice
        },
        embeddable=True,
    )
