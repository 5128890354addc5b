"""`/docs`: Swagger UI from the assets the `fastapi-offline` package installs, not from a CDN.

FastAPI's own page loads an unpinned Swagger UI bundle from a CDN on every visit; these assets are
pinned in requirements.lock with everything else and served from `ASSETS_URL`. The page's one inline
script (the Swagger UI set-up) is allowed by its hash, so the policy needs no 'unsafe-inline' for
scripts, and the page calls no validator service (`validatorUrl: null`).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)

router = APIRouter()


def content_security_policy(page: bytes) -> str:
    hashes = " ".join(
        "'sha256-{}'".format(base64.b64encode(hashlib.sha256(script.encode()).digest()).decode())
        for script in _INLINE_SCRIPT.findall(page.decode())
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


@router.get("/docs", include_in_schema=False)
def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    page = get_swagger_ui_html(
        openapi_url=root + request.app.openapi_url,
        title=f"{request.app.title} – API",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
        swagger_ui_parameters={"validatorUrl": None},
    )
    page.headers["Content-Security-Policy"] = content_security_policy(page.body)
    return page
