"""Request body size limits, enforced before anything parses a body.

A body over its route's limit is answered 413 with a Swedish message: at once when Content-Length
announces it, else as soon as the bytes received pass the limit (a chunked body has no
Content-Length), so an oversized body is never held in memory whole nor handed to the JSON parser.
A body within the limit is read here and handed on to the app unchanged.
"""
from __future__ import annotations

from fastapi.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from .errors import BODY_TOO_LARGE
from .http_middleware import HttpMiddleware

KB = 1024
# A chat message is at most 2,000 characters and a letter's grounds 10,000 (api/schemas.py); the limits
# leave room for JSON escapes (`\u00e5` is six bytes for one character) and nothing more.
BODY_LIMITS = {"/api/chat": 64 * KB, "/api/letters": 256 * KB}
DEFAULT_BODY_LIMIT = 64 * KB


def body_limit(path: str) -> int:
    return BODY_LIMITS.get(path, DEFAULT_BODY_LIMIT)


def too_large(limit: int) -> JSONResponse:
    """The 413; `Connection: close` so the server stops reading the rest of the body."""
    return JSONResponse(
        status_code=413,
        content={"detail": BODY_TOO_LARGE.format(limit_kb=limit // KB)},
        headers={"Connection": "close"},
    )


class BodyLimits(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = body_limit(scope["path"])
        announced = dict(scope["headers"]).get(b"content-length", b"")
        if announced.isdigit() and int(announced) > limit:
            await too_large(limit)(scope, receive, send)
            return

        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client is gone: nothing to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await too_large(limit)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break

        body_delivered = False

        async def replay() -> Message:
            nonlocal body_delivered
            if body_delivered:
                return await receive()  # after the body: a disconnect, as the server reports it
            body_delivered = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)
