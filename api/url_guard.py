"""Refuses a URL that holds characters no request may carry (`api.unsafe_text`), before routing.

A path with a control character (NUL, CR, ...), a surrogate or a non-character names nothing the API
serves, so it is a 404 like any unknown path (StaticFiles would otherwise hand a NUL to the file system
and fail with a 500). A query parameter holding one is refused like a body field: 422, naming it.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .errors import NOT_FOUND, UNSAFE_TEXT, error_item, error_response
from .http_middleware import HttpMiddleware
from .unsafe_text import has_unsafe_path, has_unsafe_text


def refusal(scope: Scope) -> Response | None:
    """The response refusing this request's URL, or None when the URL is fine."""
    if has_unsafe_path(scope["path"]):
        return JSONResponse(status_code=404, content={"detail": NOT_FOUND})
    # Decoded as Starlette decodes it for the routes (invalid UTF-8 becomes U+FFFD, which is harmless).
    parameters = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    items = [
        error_item(name, UNSAFE_TEXT)
        for name, value in parameters
        if has_unsafe_text(name) or has_unsafe_text(value)
    ]
    return error_response(items) if items else None


class UrlGuard(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = refusal(scope)
        if response is None:
            await self.app(scope, receive, send)
        else:
            await response(scope, receive, send)
