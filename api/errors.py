"""The API's error contract and the Swedish texts only the API shows.

Every 422 body is `{"detail": [{"field": ..., "message": ...}]}`, whether pydantic refused the request
or the core raised `InvalidInput`; each message starts with the field's Swedish name. The API's own
texts never quote a submitted value, and a 422 holds at most `MAX_ERROR_ITEMS` items whose field names
are cut short, made visible and stripped of any personnummer (an unknown JSON key is echoed as the
field). Other errors keep FastAPI's shape, `{"detail": "<text>"}`, in Swedish: the English texts of
Starlette and FastAPI ("Not Found", "There was an error parsing the body") are replaced here.
"""
from __future__ import annotations

import logging
import traceback
from http import HTTPStatus

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from hiring_rules import messages
from hiring_rules.errors import InvalidInput
from hiring_rules.identity import redact_personnummer

from .http_middleware import HttpMiddleware
from .unsafe_text import visible

logger = logging.getLogger(__name__)

# Core messages that quote a refused value (an unknown agency, a malformed diarienummer) and unknown
# JSON keys could otherwise echo a personnummer back. The personnummer field's own messages never
# quote the value and keep their example numbers.
PERSONNUMMER_REDACTED = "[personnummer]"
MAX_ERROR_ITEMS = 20
MAX_FIELD_CHARS = 40

FIELD_LABELS = {
    **messages.FIELD_LABELS,
    "format": "filformat",
    "q": "sökfrågan",
    "sender": "samtals-id",
    "conversation_id": "samtals-id",
    "message": "meddelande",
    "metadata": "metadata",
}
BODY = "body"  # the `field` of an error about the request as a whole

FIELD_MISSING = "Fältet saknas."
FIELD_NULL = "Fältet måste ha ett värde."
NOT_TEXT = "Värdet måste vara text."
NOT_BOOLEAN = "Värdet måste vara true eller false."
TEXT_TOO_LONG = "Texten är för lång (högst {max} tecken)."
DATE_FORMAT = "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."
DATE_OUT_OF_RANGE = "Datumet måste ligga mellan år {earliest} och {latest}."
UNKNOWN_FIELD = "Okänt fält. Kontrollera stavningen."
NOT_A_LIST = "Värdet måste vara en lista med texter."
LIST_TOO_LONG = "Listan är för lång (högst {max} delar)."
INVALID_VALUE = "Ogiltigt värde."
BODY_MISSING = "Begäran saknar innehåll. Skicka fälten som ett JSON-objekt."
BODY_NOT_OBJECT = "Begäran måste vara ett JSON-objekt med fälten som nycklar."
BODY_NOT_JSON = "Begäran är inte giltig JSON."
FORMAT_UNKNOWN = "Okänt filformat. Välj ett av: {known}."
UNSAFE_TEXT = "Texten innehåller otillåtna tecken (styrtecken eller ogiltiga Unicode-tecken)."
BODY_NOT_UTF8 = "Begäran är inte giltig UTF-8. Skicka JSON i teckenkodningen UTF-8."
BODY_TOO_DEEP = "Begäran är för djupt nästlad. Skicka fälten som ett platt JSON-objekt."
BODY_TOO_LARGE = "Begäran är för stor. Den får vara högst {limit_kb} kB."
NOT_FOUND = "Det finns ingenting på den här adressen. Kontrollera stavningen."
METHOD_NOT_ALLOWED = "Adressen tar inte emot den här metoden. Vilka metoder som gäller står på /docs."
HTTP_ERROR = "Begäran kunde inte utföras (HTTP {status})."
SERVER_ERROR = (
    "Något gick fel hos oss och begäran kunde inte slutföras. Försök igen om en stund. "
    "Inget av det du skickade har sparats."
)
RASA_UNAVAILABLE = (
    "Assistenten kan inte svara just nu. Försök igen om en stund. "
    "Brådskar det kan du kontakta arbetsgivarens HR direkt."
)
RETRY_AFTER_SECONDS = "10"


def service_unavailable(detail: str = RASA_UNAVAILABLE) -> HTTPException:
    """The 503 for a service behind the API that cannot answer now, with when to try again."""
    return HTTPException(503, detail=detail, headers={"Retry-After": RETRY_AFTER_SECONDS})

# Fields whose core message already says what a valid value is: any refusal of them uses it.
_FIELD_MESSAGES = {
    "termination_reason": messages.TERMINATION_REASON_INVALID,
    "employment_type": messages.EMPLOYMENT_TYPE_INVALID,
    "months_employed": messages.MONTHS_INVALID,
}


def error_item(field: str, message: str) -> dict[str, str]:
    field = visible(redact_personnummer(field, PERSONNUMMER_REDACTED), MAX_FIELD_CHARS)
    if field != "personnummer":
        message = redact_personnummer(message, PERSONNUMMER_REDACTED)
    if field == BODY:
        return {"field": field, "message": message}
    return {"field": field, "message": f"{FIELD_LABELS.get(field, field)}: {message}"}


def error_response(items: list[dict[str, str]]) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": items[:MAX_ERROR_ITEMS]})


def _pydantic_message(field: str, error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error.missing":
        return BODY_MISSING if field == BODY else FIELD_MISSING
    if kind == "type_error.none.not_allowed":
        return FIELD_NULL
    if kind == "value_error.unsafe_text":
        return UNSAFE_TEXT
    if field == BODY:
        return BODY_NOT_OBJECT if kind == "type_error.dict" else INVALID_VALUE
    if kind == "value_error.extra":
        return UNKNOWN_FIELD
    if field in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[field]
    if kind == "value_error.iso_date":
        return DATE_FORMAT
    if kind == "value_error.date_not_in_calendar":
        return messages.DATE_IMPOSSIBLE_GENERIC.format(value=ctx.get("value", ""))
    if kind == "value_error.date_out_of_range":
        return DATE_OUT_OF_RANGE.format(**ctx)
    if kind == "value_error.any_str.max_length":
        return TEXT_TOO_LONG.format(max=ctx.get("limit_value"))
    if kind == "type_error.str":
        return NOT_TEXT
    if kind == "type_error.list":
        return NOT_A_LIST
    if kind == "value_error.list.max_items":
        return LIST_TOO_LONG.format(max=ctx.get("limit_value"))
    if kind == "value_error.strictbool":
        return NOT_BOOLEAN
    return INVALID_VALUE


def validation_items(errors: list[dict]) -> list[dict[str, str]]:
    items = []
    for error in errors:
        if error.get("type") == "json_invalid":
            items.append(error_item(BODY, BODY_NOT_JSON))
            continue
        loc = [part for part in error.get("loc", ()) if isinstance(part, str)][1:]  # drop "body"/"query"
        field = loc[0] if loc else BODY
        items.append(error_item(field, _pydantic_message(field, error)))
    return items


async def request_validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(validation_items(exc.errors()))


async def invalid_input_handler(request: Request, exc: InvalidInput) -> JSONResponse:
    return error_response([error_item(exc.field, exc.message)])


# FastAPI's 400 when `json.loads` raised something other than a syntax error; the cause says what.
_FASTAPI_BODY_ERROR = "There was an error parsing the body"
_STATUS_TEXTS = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED}


def unreadable_body_message(cause: BaseException | None) -> str:
    if isinstance(cause, UnicodeDecodeError):
        return BODY_NOT_UTF8
    if isinstance(cause, RecursionError):
        return BODY_TOO_DEEP
    return BODY_NOT_JSON


async def http_exception_handler(request: Request, exc: HTTPException) -> JSONResponse:
    """The API's own HTTPExceptions are Swedish already; Starlette's and FastAPI's English ones
    (a status phrase such as "Not Found", or the body parse error) get a Swedish text."""
    if exc.detail == _FASTAPI_BODY_ERROR:  # invalid UTF-8 or nesting too deep: refused like bad JSON
        return error_response([error_item(BODY, unreadable_body_message(exc.__cause__))])
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:
        detail = _STATUS_TEXTS.get(exc.status_code, HTTP_ERROR.format(status=exc.status_code))
    return JSONResponse(status_code=exc.status_code, content={"detail": detail}, headers=exc.headers)


def _loggable_path(scope: Scope) -> str:
    """The matched route's path template; before routing, the path made visible, without a personnummer."""
    route = scope.get("route")
    if route is not None:
        return route.path
    return visible(redact_personnummer(scope.get("path", ""), PERSONNUMMER_REDACTED), 100)


class ServerErrors(HttpMiddleware):
    """Turns any unhandled exception into a Swedish 500 and logs it without its message.

    An exception message can carry submitted values (a personnummer in a letter request), so the log
    gets the exception type and the stack frames only, and the route's path template rather than the
    path (a letter's path holds the conversation id). This is middleware rather than an
    `exception_handler(Exception)`, because Starlette re-raises after such a handler and the server
    would then log the full exception text.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logger.error(
                "Unhandled %s in %s %s\n%s",
                type(exc).__name__,
                scope.get("method"),
                _loggable_path(scope),
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if not response_started:
                await JSONResponse(status_code=500, content={"detail": SERVER_ERROR})(scope, receive, send)
