"""Security headers on every response, added where the route did not set its own.

- `X-Content-Type-Options: nosniff`: a JSON answer or a static file is never run as another type.
- `Referrer-Policy: no-referrer` (the pages set `same-origin` themselves).
- A Content-Security-Policy that loads nothing and may not be framed, on everything that does not
  bring its own (JSON, files, errors). The pages bring their own: the HR page and /docs forbid framing,
  the chat page allows it, because agencies embed it in an iframe (`static/embed.js`, `?embed=1`).
- `X-Frame-Options: DENY`, for browsers without CSP, wherever the policy says `frame-ancestors 'none'`.
"""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware

DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
NO_FRAMING = "frame-ancestors 'none'"


def add_security_headers(headers: MutableHeaders) -> None:
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    policy = headers.setdefault("Content-Security-Policy", DEFAULT_POLICY)
    if NO_FRAMING in policy:
        headers.setdefault("X-Frame-Options", "DENY")


class SecurityHeaders(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)
