"""The two HTML pages' rendering: one template folder (api/templates) and one Content-Security-Policy.

Each page runs only its own script and style files (no inline code), so a text that slipped through as
markup could not run. The chat page may be framed (agencies embed it in an iframe) and show images from
https (a bot `image`); the HR page may not be framed.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"


def content_security_policy(*, embeddable: bool) -> str:
    if embeddable:
        return _POLICY + "; img-src 'self' https: data:"
    return _POLICY + "; frame-ancestors 'none'"


def page(
    request: Request, template: str, context: dict[str, Any], *, embeddable: bool, status_code: int = 200
) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request,
        template,
        context,
        status_code=status_code,
        headers={
            "Content-Security-Policy": content_security_policy(embeddable=embeddable),
            "Referrer-Policy": "same-origin",
        },
    )
