"""The chat page at `/`: a Jinja2 template with static JS and CSS (api/static), no build step.

`?agency=<registry key>` names the employer (shown in the header, sent with every message);
`?embed=1` is the compact layout for the iframe that `static/embed.js` opens on an agency's page.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput

from ..dependencies import get_registry
from ..settings import Settings, get_settings
from .chat import MAX_MESSAGE_CHARS

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")

# The page runs only its own script and style files (no inline code), so a bot text that slipped
# through as markup could not run. Images may come from https (a bot `image`). No frame-ancestors:
# agencies embed the page in an iframe.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'"
)

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
    return TEMPLATES.TemplateResponse(
        request,
        "chat.html",
        {
            "employer": employer,
            "embed": embed == "1",
            "max_message_chars": MAX_MESSAGE_CHARS,
            "retention_days": settings.conversation_retention_days,  # stated in the privacy notice
        },
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": "same-origin"},
    )
