"""Hostile input never makes the API fail: every text field of every endpoint, every letter format, the
query parameters and the path, against lone surrogates, non-characters and control characters; bodies
over the size limits; bodies that are not UTF-8 JSON; 404 and 405. Every answer is a 4xx in Swedish,
never a 500, and nothing hostile reaches a log line.
"""
import asyncio
import json
import logging
import re
from http import HTTPStatus
from urllib.parse import quote

import pytest

from api import errors
from api.dependencies import get_registry
from api.errors import ServerErrors
from api.limits import BODY_LIMITS, DEFAULT_BODY_LIMIT, KB, BodyLimits
from api.main import app
from api.dependencies import get_rasa_client
from api.unsafe_text import has_unsafe_path, has_unsafe_text, visible
from hiring_rules import messages
from hiring_rules.identity import personnummer_spans
from tests.api.contract import DEADLINE, ELIGIBILITY, LETTER

SENDER = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
LETTER = {**LETTER, "decision_posted_on": "2026-05-29", "appointee": "Kalle Anka"}
DOCUMENTS_REQUEST = {
    "agency": "migrationsverket",
    "position": "Handläggare",
    "diarienummer": "2.3.4-2026-5566",
    "full_name": "Anna Svensson",
    "email": "anna@exempel.se",
}
REEMPLOYMENT_NOTICE = {
    "agency": "forsakringskassan",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
    "personnummer": "19850709-9805",
    "position": "Handläggare sjukpenning",
    "employment_ended_on": "2026-05-31",
    "email": "anna@exempel.se",
    "phone": "+46 70 123 45 67",
}
ELIGIBILITY = {**ELIGIBILITY, "agency": "migrationsverket"}
ELIGIBILITY_TEXT = [field for field in ELIGIBILITY if field != "months_employed"]  # the others are text
CHAT = {"sender": SENDER, "message": "Hej!", "metadata": {"agency": "migrationsverket"}}
JSON = {"content-type": "application/json"}

HOSTILE = {
    "lone high surrogate": "\ud800",
    "lone low surrogate": "\udfff",
    "non-character U+FFFE": "\ufffe",
    "non-character U+FFFF": "\uffff",
    "non-character U+FDD0": "\ufdd0",
    "non-character U+10FFFF": "\U0010ffff",
    "NUL": "\x00",
    "bell": "\x07",
    "escape": "\x1b",
    "DEL": "\x7f",
    "C1 next line": "\x85",
}
# Each value stands for itself in a query string or a path; a lone surrogate cannot be written in
# UTF-8, so its nearest spelling (CESU-8 bytes) stands in, which the server decodes to U+FFFD.
URL_ENCODED = {
    name: quote(value.encode("utf-8", "surrogatepass"), safe="") for name, value in HOSTILE.items()
}
SURROGATES = {"lone high surrogate", "lone low surrogate"}

# Every Swedish text the API answers an error with, its own (api.errors) and the core's; the
# length leaves out short constants that are names, not texts (BODY, PERSONNUMMER_REDACTED).
_TEMPLATES = [
    value
    for module in (errors, messages)
    for name, value in vars(module).items()
    if name.isupper() and isinstance(value, str) and len(value) > 15
]
_KNOWN_SWEDISH = [re.escape(template.split("{")[0].strip()) for template in _TEMPLATES]
ENGLISH = ("There was an error", "Not Found", "Method Not Allowed", "field required", "Internal Server Error")


def json_body(payload: dict) -> bytes:
    """`payload` as JSON with every non-ASCII character escaped: lone surrogates travel as `\\ud800`."""
    return json.dumps(payload, ensure_ascii=True).encode("ascii")


def assert_swedish_refusal(response, status: int | None = None) -> list[str]:
    """A 4xx whose JSON body holds only known Swedish texts; returns them."""
    assert 400 <= response.status_code < 500, response.text
    if status is not None:
        assert response.status_code == status, response.text
    detail = response.json()["detail"]
    texts = [detail] if isinstance(detail, str) else [item["message"] for item in detail]
    for text in texts:
        assert not any(english in text for english in ENGLISH), text
        assert any(re.search(known, text) for known in _KNOWN_SWEDISH), f"not a known Swedish text: {text}"
    return texts


def only_unsafe_text_error(response, field: str) -> None:
    assert_swedish_refusal(response, 422)
    assert response.json()["detail"] == [
        {"field": field, "message": f"{errors.FIELD_LABELS.get(field, field)}: {errors.UNSAFE_TEXT}"}
    ]


@pytest.fixture
def client(api_client):
    return api_client


@pytest.fixture(autouse=True)
def no_hostile_log_lines(caplog):
    """Whatever a test sends, no log line holds a hostile character or reports a server error."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.get_records("call"):
        line = record.getMessage()
        assert not has_unsafe_text(line), f"hostile character logged: {visible(line)}"
        assert "\r" not in line
        assert not (record.name == "api.errors" and record.levelno >= logging.ERROR), line


@pytest.fixture
def rasa_never_called():
    """The chat proxy must refuse hostile input itself; Rasa is never asked."""

    class Refuse:
        async def send(self, *args):
            raise AssertionError("a hostile message reached Rasa")

    app.dependency_overrides[get_rasa_client] = Refuse
    yield
    app.dependency_overrides.pop(get_rasa_client, None)


# --- the rule itself ---


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_every_hostile_character_is_unsafe_in_text_and_paths(value):
    assert has_unsafe_text(f"Anna {value}Svensson")
    assert has_unsafe_path(f"/static/{value}")


@pytest.mark.parametrize(
    "value", ["Åsa Öberg-Ängqvist", "Rad ett\nrad två\r\n\tindrag", "😀 é ß ł", "noll\u200bbredd"]
)
def test_ordinary_text_is_safe(value):
    assert not has_unsafe_text(value)


@pytest.mark.parametrize("value", ["\t", "\n", "\r"])
def test_layout_characters_are_unsafe_in_paths_only(value):
    assert not has_unsafe_text(value)
    assert has_unsafe_path(f"/static/chat.js{value}")


def test_visible_escapes_what_a_log_line_must_not_hold():
    escaped = visible("a\x00b\x1b[31m\r\nc\ud800\ufffe\u2028åäö")
    assert escaped == "a\\x00b\\x1b[31m\\r\\nc\\ud800\\ufffe\\u2028åäö"
    assert visible("x" * 50, 10) == "x" * 9 + "…"


# --- every text field of every endpoint ---


@pytest.mark.parametrize("field", list(LETTER))
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_letter_field_is_a_swedish_422_in_every_format(client, field, value):
    body = json_body({**LETTER, field: LETTER[field] + value})
    for fmt in ("pdf", "txt", "html", "docx"):
        response = client.post(f"/api/letters?format={fmt}", content=body, headers=JSON)
        only_unsafe_text_error(response, field)


@pytest.mark.parametrize(
    "path, payload, field",
    [
        *[("/api/letters/documents-request", DOCUMENTS_REQUEST, field) for field in DOCUMENTS_REQUEST],
        *[("/api/letters/reemployment-notice", REEMPLOYMENT_NOTICE, field) for field in REEMPLOYMENT_NOTICE],
    ],
)
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_field_of_the_other_letters_is_a_swedish_422_in_every_format(client, path, payload, field, value):
    body = json_body({**payload, field: payload[field] + value})
    for fmt in ("pdf", "txt", "html", "docx"):
        only_unsafe_text_error(client.post(f"{path}?format={fmt}", content=body, headers=JSON), field)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_document_in_the_list_is_a_swedish_422(client, value):
    body = json_body({**DOCUMENTS_REQUEST, "documents": ["ansökan", f"cv{value}"]})
    response = client.post("/api/letters/documents-request?format=txt", content=body, headers=JSON)
    only_unsafe_text_error(response, "documents")


@pytest.mark.parametrize(
    "path, payload, field, reported_as",
    [
        ("/api/chat", CHAT, "message", "message"),
        ("/api/chat", CHAT, "sender", "sender"),
        ("/api/chat", CHAT, "metadata.agency", "metadata"),
        *[("/api/deadline", DEADLINE, field, field) for field in DEADLINE],
        *[("/api/eligibility", ELIGIBILITY, field, field) for field in ELIGIBILITY_TEXT],
    ],
)
@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_json_field_is_a_swedish_422(
    client, rasa_never_called, path, payload, field, reported_as, value
):
    payload = json.loads(json.dumps(payload))
    *parents, name = field.split(".")
    target = payload
    for parent in parents:
        target = target[parent]
    target[name] += value
    response = client.post(path, content=json_body(payload), headers=JSON)
    only_unsafe_text_error(response, reported_as)


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/answers?q=intervju", "q"),
        ("/api/answers?q=intervju&agency=migrationsverket", "agency"),
        ("/api/letters?format=pdf", "format"),
        ("/api/letters/documents-request?format=pdf", "format"),
        ("/api/deadline.ics?posted_on=2026-05-29&agency=migrationsverket", "agency"),
        ("/api/deadline.ics?agency=migrationsverket&posted_on=2026-05-29", "posted_on"),
        ("/hr?q=intervju", "q"),
        ("/?agency=migrationsverket", "agency"),
        ("/?embed=1", "embed"),
    ],
)
@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_query_parameter_is_refused(client, path, parameter, name):
    body = DOCUMENTS_REQUEST if path.startswith("/api/letters/documents-request") else LETTER
    response = client.request("POST" if path.startswith("/api/letters") else "GET",
                              path + URL_ENCODED[name], json=body)
    if name in SURROGATES:  # arrives as U+FFFD, an ordinary character: any answer but a server error
        assert response.status_code < 500
        return
    only_unsafe_text_error(response, parameter)


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize(
    "prefix", ["/static/chat.js", "/static/", "/api/agencies", "/", "/docs-assets/swagger-ui.css"]
)
def test_a_hostile_path_is_a_swedish_404(client, prefix, name):
    assert_swedish_refusal(client.get(prefix + URL_ENCODED[name]), 404)


@pytest.mark.parametrize("character", ["%00", "%0D", "%0A", "%09", "%0D%0ASet-Cookie:%20x=1"])
def test_nul_and_line_breaks_in_a_path_are_a_swedish_404(client, character):
    for path in (f"/static/chat.js{character}", f"/static/{character}x.js", f"/api/letters/a{character}.pdf"):
        response = client.get(path)
        assert_swedish_refusal(response, 404)
        assert "set-cookie" not in response.headers


# --- what a 422 may echo ---


def test_a_422_holds_at_most_twenty_items(client):
    payload = {f"okänt_fält_{index}": index for index in range(100)}
    response = client.post("/api/deadline", json=payload)
    assert_swedish_refusal(response, 422)
    assert len(response.json()["detail"]) == errors.MAX_ERROR_ITEMS


def test_a_long_unknown_field_name_is_cut_short(client):
    response = client.post("/api/deadline", json={**DEADLINE, "x" * 5000: 1})
    assert_swedish_refusal(response, 422)
    (item,) = response.json()["detail"]
    assert len(item["field"]) == errors.MAX_FIELD_CHARS
    assert len(response.content) < 500


@pytest.mark.parametrize(
    "key",
    ["19850709-9805", "850709-9805", "198507099805", "8507099805", "850709 9805", "1985 07 09 - 9805",
     "19850709\u20139805", "\uff11\uff19\uff18\uff15\uff10\uff17\uff10\uff19\uff19\uff18\uff10\uff15"],
)
def test_an_unknown_key_that_is_a_personnummer_is_not_echoed(client, key):
    for path, payload in (("/api/deadline", DEADLINE), ("/api/letters", LETTER), ("/api/chat", CHAT)):
        response = client.post(path, json={**payload, key: "x"})
        assert_swedish_refusal(response, 422)
        echoed = [item["field"] + " " + item["message"] for item in response.json()["detail"]]
        assert errors.PERSONNUMMER_REDACTED in echoed[0]
        assert not personnummer_spans(" ".join(echoed)), echoed


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_unknown_key_is_echoed_visibly(client, value):
    response = client.post("/api/deadline", content=json_body({**DEADLINE, f"fält{value}": 1}),
                           headers=JSON)
    assert_swedish_refusal(response, 422)
    (item,) = response.json()["detail"]
    assert item["field"] == visible(f"fält{value}")
    assert not has_unsafe_text(item["field"] + item["message"])


# --- bodies that are not UTF-8 JSON ---


@pytest.mark.parametrize(
    "content, content_type, message",
    [
        (b'{"posted_on": "2026-05-29\xff"}', "application/json", errors.BODY_NOT_UTF8),
        ('{"posted_on": "2026-05-29", "x": "Åsa"}'.encode("latin-1"), "application/json; charset=latin-1",
         errors.BODY_NOT_UTF8),
        (b"[" * 20_000 + b"]" * 20_000, "application/json", errors.BODY_TOO_DEEP),
        (b'{"posted_on": ', "application/json", errors.BODY_NOT_JSON),
        (b"\xff\xfe\x00", "application/json", errors.BODY_NOT_UTF8),
    ],
    ids=["invalid UTF-8", "latin-1", "nested 20,000 deep", "cut short", "broken UTF-16"],
)
def test_an_unreadable_body_is_a_swedish_422(client, content, content_type, message):
    for path in ("/api/deadline", "/api/letters", "/api/chat", "/api/eligibility",
                 "/api/letters/documents-request", "/api/letters/reemployment-notice"):
        response = client.post(path, content=content, headers={"content-type": content_type})
        assert_swedish_refusal(response, 422)
        assert response.json() == {"detail": [{"field": "body", "message": message}]}


# --- size limits ---


@pytest.mark.parametrize(
    "path",
    ["/api/chat", "/api/letters", "/api/deadline", "/api/eligibility", "/api/letters/documents-request",
     "/api/letters/reemployment-notice"],
)
def test_a_body_over_the_limit_is_a_swedish_413(client, rasa_never_called, path):
    limit = BODY_LIMITS.get(path, DEFAULT_BODY_LIMIT)
    response = client.post(path, content=b" " * (limit + 1), headers=JSON)
    assert_swedish_refusal(response, 413)
    assert response.json() == {"detail": errors.BODY_TOO_LARGE.format(limit_kb=limit // KB)}


@pytest.mark.parametrize("path", ["/api/chat", "/api/letters", "/api/deadline"])
def test_a_body_at_the_limit_is_read(client, rasa_never_called, path):
    limit = BODY_LIMITS.get(path, DEFAULT_BODY_LIMIT)
    body = json_body({"x": "a" * (limit - 9)})
    assert len(body) == limit
    response = client.post(path, content=body, headers=JSON)
    assert_swedish_refusal(response, 422)  # read and refused for its unknown field, not for its size


def test_a_chunked_body_without_content_length_is_cut_off(client, rasa_never_called):
    chunks = (b" " * KB for _ in range(200))
    response = client.post("/api/chat", content=chunks, headers=JSON)
    assert "content-length" not in response.request.headers
    assert_swedish_refusal(response, 413)


def _call_body_limits(headers, chunks):
    """Runs BodyLimits over an app that records whether it was called; returns (status, app called,
    chunks the middleware read)."""
    sent, read, called = [], [], []

    async def inner_app(scope, receive, send):
        called.append(True)

    async def receive():
        read.append(True)
        body = chunks[len(read) - 1]
        return {"type": "http.request", "body": body, "more_body": len(read) < len(chunks)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/chat", "headers": headers, "query_string": b""}
    asyncio.run(BodyLimits(inner_app)(scope, receive, send))
    status = sent[0]["status"] if sent else None
    return status, bool(called), len(read)


def test_a_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit():
    status, app_called, chunks_read = _call_body_limits([], [b"x" * KB] * 1000)
    assert (status, app_called) == (413, False)
    assert chunks_read == BODY_LIMITS["/api/chat"] // KB + 1  # not the 1,000 chunks sent


def test_an_announced_oversized_body_is_refused_before_reading_it():
    status, app_called, chunks_read = _call_body_limits([(b"content-length", b"999999999")], [b""])
    assert (status, app_called, chunks_read) == (413, False, 0)


# --- 404, 405 and the other English defaults ---


@pytest.mark.parametrize(
    "path", ["/finns-inte", "/api/finns-inte", "/static/finns-inte.js", "/redoc", "/docs-assets/x"]
)
def test_an_unknown_path_is_a_swedish_404(client, path):
    response = client.get(path)
    assert response.json() == {"detail": errors.NOT_FOUND}
    assert response.status_code == 404


@pytest.mark.parametrize(
    "method, path",
    [("DELETE", "/api/deadline"), ("GET", "/api/letters"), ("PUT", "/api/chat"), ("POST", "/api/agencies"),
     ("POST", "/static/chat.js"), ("PATCH", "/health")],
)
def test_a_wrong_method_is_a_swedish_405(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 405
    assert response.json() == {"detail": errors.METHOD_NOT_ALLOWED}
    if not path.startswith("/static/"):  # Starlette's StaticFiles names no methods
        assert response.headers["allow"]


def test_the_apis_own_http_errors_keep_their_swedish_text(client):
    response = client.get("/api/letters/ingen-sadan-lank.pdf")
    assert response.status_code == 404
    assert response.json()["detail"] not in (errors.NOT_FOUND, HTTPStatus.NOT_FOUND.phrase)
    assert_swedish_refusal(response, 404)


# --- the 500 log line ---


def test_the_500_log_line_shows_a_hostile_path_escaped(caplog):
    async def failing_app(scope, receive, send):
        raise RuntimeError("19850709-9805")

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    path = "/x\x1b[2J\r\nFAKE 19850709-9805 \ud800"
    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    asyncio.run(ServerErrors(failing_app)(scope, receive, send))
    assert sent[0]["status"] == 500
    (record,) = [record for record in caplog.records if record.name == "api.errors"]
    first_line = record.getMessage().splitlines()[0]
    assert first_line == "Unhandled RuntimeError in GET /x\\x1b[2J\\r\\nFAKE [personnummer] \\ud800"
    caplog.clear()  # the expected 500 is not a finding of no_hostile_log_lines


def test_the_500_log_line_names_the_route_not_the_path(client, caplog):
    def broken_registry():
        raise RuntimeError("boom")

    app.dependency_overrides[get_registry] = broken_registry
    try:
        response = client.get(f"/api/letters/{SENDER}.pdf")
    finally:
        app.dependency_overrides.pop(get_registry)
    assert response.status_code == 500
    (record,) = [record for record in caplog.records if record.name == "api.errors"]
    logged_path = record.getMessage().splitlines()[0].split()[-1]
    assert logged_path.startswith("/api/letters/{") and logged_path.endswith("}")  # the route's template
    assert SENDER not in record.getMessage()
    caplog.clear()  # the expected 500 is not a finding of no_hostile_log_lines
