"""The HTTP API contract: status codes, JSON shapes, ISO dates, Swedish 422 messages, letter files."""
import datetime as dt
import io
import logging
import re

import pytest
from pypdf import PdfReader

from api.dependencies import get_registry, get_today
from api.errors import FORMAT_UNKNOWN, SERVER_ERROR
from api.main import app
from api.routers.health import component_statuses, service_statuses
from api.schemas import AgencyOut
from api.settings import Settings, get_settings
from hiring_rules import messages
from hiring_rules.letter import NoAppealRoute
from hiring_rules.agencies import Registry, default_registry
from tests.api.contract import DEADLINE, ELIGIBILITY, LETTER, PERSONNUMMER, only_error

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERSONNUMMER_FORMS = ("19850709-9805", "850709-9805", "198507099805", "8507099805", "850709 9805")



def without(payload, field):
    return {key: value for key, value in payload.items() if key != field}


# --- health and registry ---


def test_health_reports_every_component_ok(api_client):
    app.dependency_overrides[service_statuses] = lambda: {"rasa": "ok", "action_server": "ok"}
    response = api_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "components": {"api": "ok", "registry": "ok", "rasa": "ok", "action_server": "ok"},
    }


def test_health_is_503_when_a_component_is_not_ok(api_client):
    app.dependency_overrides[component_statuses] = lambda: {"api": "ok", "rasa": "unreachable"}
    response = api_client.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "components": {"api": "ok", "rasa": "unreachable"}}


def test_health_reports_an_empty_registry(api_client):
    app.dependency_overrides[get_registry] = lambda: Registry({})
    response = api_client.get("/health")
    assert response.status_code == 503
    assert response.json()["components"]["registry"] == "empty"


def test_agencies_lists_the_registry(api_client):
    response = api_client.get("/api/agencies")
    assert response.status_code == 200
    by_key = {agency["key"]: agency for agency in response.json()}
    assert list(by_key) == default_registry().keys()
    assert all(set(agency) == set(AgencyOut.__fields__) for agency in by_key.values())
    assert by_key["forsakringskassan"]["hr_contacts"]["phone"] == "0771-524 440"
    assert by_key["migrationsverket"]["registrar"] is None  # the seeds name no registrar
    assert "103 51 Stockholm" in by_key["forsakringskassan"]["appeal_address"]
    assert by_key["karlstads_kommun"]["state_appeal_route"] is False


# --- deadline ---


@pytest.mark.parametrize(
    "posted_on, today, deadline, nominal, shifted",
    [
        ("2026-05-29", "2026-06-01", "2026-06-22", "2026-06-19", True),  # 19 June 2026 is midsommarafton
        ("2005-06-03", "2005-06-10", "2005-06-27", "2005-06-24", True),
        ("2026-03-02", "2026-03-02", "2026-03-23", "2026-03-23", False),
    ],
)
def test_deadline_worked_examples(api_client, posted_on, today, deadline, nominal, shifted):
    response = api_client.post("/api/deadline", json={"posted_on": posted_on, "today": today})
    assert response.status_code == 200
    body = response.json()
    assert (body["posted_on"], body["deadline"], body["nominal_deadline"], body["shifted"]) == (
        posted_on, deadline, nominal, shifted
    )
    expected_days = (dt.date.fromisoformat(deadline) - dt.date.fromisoformat(today)).days
    assert (body["days_left"], body["passed"]) == (expected_days, False)


def test_deadline_response_carries_every_field_with_iso_dates(api_client):
    body = api_client.post("/api/deadline", json=DEADLINE).json()
    assert set(body) == {
        "posted_on", "deadline", "nominal_deadline", "shifted", "shifted_because", "reason",
        "explanation", "days_left", "passed", "urgency",
    }
    assert all(ISO_DATE.match(body[key]) for key in ("posted_on", "deadline", "nominal_deadline"))
    assert body["shifted_because"] == "Midsommarafton"
    assert "midsommarafton" in body["reason"] and "22 juni 2026" in body["explanation"]


def test_deadline_passed(api_client):
    body = api_client.post("/api/deadline", json={"posted_on": "2026-05-29", "today": "2026-06-23"}).json()
    assert (body["days_left"], body["passed"], body["urgency"]) == (-1, True, "passed")


@pytest.mark.parametrize("today, urgency", [("2026-06-22", "today"), ("2026-06-20", "soon"), ("2026-06-19", "ok")])
def test_deadline_says_how_urgent_it_is_as_the_chat_does(api_client, today, urgency):
    body = api_client.post("/api/deadline", json={"posted_on": "2026-05-29", "today": today}).json()
    assert body["urgency"] == urgency


def test_deadline_today_defaults_to_the_server_date(api_client, server_today):
    body = api_client.post("/api/deadline", json={"posted_on": "2026-05-29"}).json()
    assert body["days_left"] == (dt.date(2026, 6, 22) - server_today).days


def test_deadline_posted_after_today_is_refused_in_swedish(api_client):
    response = api_client.post("/api/deadline", json={"posted_on": "2026-06-02", "today": "2026-06-01"})
    assert "ligger i framtiden" in only_error(response, "posted_on")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("29/5/2026", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("2026-5-29", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("2026-05-29T10:00:00", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        (20260529, "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("2026-02-30", "finns inte i kalendern"),
        ("1850-01-01", "mellan år 1900 och 2100"),
        (None, "Fältet måste ha ett värde."),
    ],
)
def test_deadline_refuses_a_bad_posted_on(api_client, value, expected):
    response = api_client.post("/api/deadline", json={"posted_on": value, "today": "2026-06-01"})
    assert expected in only_error(response, "posted_on")


def test_deadline_refuses_a_bad_today(api_client):
    response = api_client.post("/api/deadline", json={"posted_on": "2026-05-29", "today": "i morgon"})
    assert "ÅÅÅÅ-MM-DD" in only_error(response, "today")


def test_deadline_missing_field(api_client):
    response = api_client.post("/api/deadline", json={"today": "2026-06-01"})
    assert only_error(response, "posted_on") == "datum då beslutet anslogs: Fältet saknas."


def test_unknown_field_is_refused(api_client):
    response = api_client.post("/api/deadline", json={**DEADLINE, "postedon": "2026-05-29"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "postedon", "message": "postedon: Okänt fält. Kontrollera stavningen."}
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"{not json", "Begäran är inte giltig JSON."),
        (b"[1, 2]", "Begäran måste vara ett JSON-objekt med fälten som nycklar."),
        (b"", "Begäran saknar innehåll. Skicka fälten som ett JSON-objekt."),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(api_client, content, expected):
    response = api_client.post("/api/deadline", content=content, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": [{"field": "body", "message": expected}]}


# --- eligibility ---


@pytest.mark.parametrize("months, eligible", [(12, False), (12.5, True), (13, True)])
def test_eligibility_needs_more_than_twelve_months(api_client, months, eligible):
    body = api_client.post("/api/eligibility", json={**ELIGIBILITY, "months_employed": months}).json()
    assert body["eligible"] is eligible
    assert body["valid_until"] == ("2027-02-28" if eligible else None)  # month-end rule: 31 May + 9 months


def test_eligibility_response_shape(api_client):
    response = api_client.post("/api/eligibility", json=ELIGIBILITY)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"eligible", "valid_until", "requires_registration", "reasons"}
    assert ISO_DATE.match(body["valid_until"])
    assert body["requires_registration"] is True
    assert messages.REASON_REGISTER_MAYBE in body["reasons"]
    assert all(isinstance(reason, str) and reason for reason in body["reasons"])


def test_eligibility_uses_the_agency(api_client):
    body = api_client.post("/api/eligibility", json={**ELIGIBILITY, "agency": "forsakringskassan"}).json()
    assert messages.REASON_REGISTER_REQUIRED.format(name="Försäkringskassan") in body["reasons"]


def test_eligibility_registered_needs_no_registration(api_client):
    body = api_client.post("/api/eligibility", json={**ELIGIBILITY, "registered": True}).json()
    assert body["requires_registration"] is False
    assert messages.REASON_REGISTERED in body["reasons"]


def test_eligibility_not_for_someone_who_resigned(api_client):
    body = api_client.post("/api/eligibility", json={**ELIGIBILITY, "termination_reason": "egen_uppsagning"})
    assert body.json() == {
        "eligible": False,
        "valid_until": None,
        "requires_registration": False,
        "reasons": [messages.REASON_NOT_ARBETSBRIST["egen_uppsagning"], messages.REASON_GUIDANCE],
    }


def test_eligibility_today_defaults_to_the_server_date(api_client):
    """Ended 2025-08-31: the right lasted to 2026-05-31, before the server's 2026-06-01."""
    payload = {**without(ELIGIBILITY, "today"), "employment_ended_on": "2025-08-31"}
    body = api_client.post("/api/eligibility", json=payload).json()
    assert (body["eligible"], body["valid_until"]) == (False, "2026-05-31")


def test_eligibility_unknown_agency(api_client):
    response = api_client.post("/api/eligibility", json={**ELIGIBILITY, "agency": "skatteverket"})
    assert "myndighet" in only_error(response, "agency")


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("termination_reason", "uppsagd", messages.TERMINATION_REASON_INVALID),
        ("termination_reason", None, "Fältet måste ha ett värde."),
        ("employment_type", "fast", messages.EMPLOYMENT_TYPE_INVALID),
        ("months_employed", -1, messages.MONTHS_INVALID),
        ("months_employed", 601, messages.MONTHS_INVALID),
        ("months_employed", "13", messages.MONTHS_INVALID),
        ("months_employed", True, messages.MONTHS_INVALID),
        ("employment_ended_on", "31 maj 2026", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("today", "2026-13-01", "finns inte i kalendern"),
        ("registered", "ja", "Värdet måste vara true eller false."),
        ("agency", 5, "Värdet måste vara text."),
        ("agency", "x" * 61, "Texten är för lång (högst 60 tecken)."),
    ],
)
def test_eligibility_refuses_a_bad_field(api_client, field, value, expected):
    response = api_client.post("/api/eligibility", json={**ELIGIBILITY, field: value})
    assert expected in only_error(response, field)


@pytest.mark.parametrize(
    "field", ["termination_reason", "employment_type", "months_employed", "employment_ended_on"]
)
def test_eligibility_missing_field(api_client, field):
    response = api_client.post("/api/eligibility", json=without(ELIGIBILITY, field))
    assert only_error(response, field).endswith(": Fältet saknas.")


def test_several_bad_fields_are_reported_together(api_client):
    response = api_client.post("/api/eligibility", json={"months_employed": -2})
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == {
        "termination_reason", "employment_type", "months_employed", "employment_ended_on"
    }


# --- letters ---


@pytest.mark.parametrize(
    "fmt, media_type, magic",
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("html", "text/html; charset=utf-8", None),
        ("txt", "text/plain; charset=utf-8", None),
    ],
)
def test_letter_in_every_format(api_client, fmt, media_type, magic):
    response = api_client.post(f"/api/letters?format={fmt}", json=LETTER)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert re.fullmatch(
        rf'attachment; filename="overklagande-[A-Za-z0-9-]+\.{fmt}"', response.headers["content-disposition"]
    )
    assert response.headers["cache-control"] == "no-store"
    if magic:
        assert response.content.startswith(magic)
    else:
        assert "FK 2026/012345" in response.text and "103 51 Stockholm" in response.text


def test_letter_is_a_pdf_by_default_with_the_agency_address(api_client):
    response = api_client.post("/api/letters", json={**LETTER, "decision_posted_on": "2026-05-29"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    for line in default_registry().get("forsakringskassan").appeal_address:
        assert line in flat
    assert "FK 2026/012345" in flat
    assert "Anna Svensson" in flat


def test_letter_format_is_case_insensitive(api_client):
    response = api_client.post("/api/letters?format=TXT", json=LETTER)
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_letter_unknown_format(api_client):
    response = api_client.post("/api/letters?format=odt", json=LETTER)
    message = only_error(response, "format")
    assert message == "filformat: " + FORMAT_UNKNOWN.format(known="txt, html, pdf, docx")


def test_letter_for_a_municipality_is_refused_with_the_explanation(api_client):
    response = api_client.post("/api/letters?format=txt", json={**LETTER, "agency": "karlstads_kommun"})
    message = only_error(response, "agency")
    assert NoAppealRoute("Karlstads kommun").message in message


def test_letter_unknown_agency(api_client):
    response = api_client.post("/api/letters?format=txt", json={**LETTER, "agency": "skatteverket"})
    assert "myndighet" in only_error(response, "agency")


@pytest.mark.parametrize(
    "field", ["agency", "full_name", "address", "personnummer", "position", "diarienummer", "grounds"]
)
def test_letter_missing_field(api_client, field):
    response = api_client.post("/api/letters?format=txt", json=without(LETTER, field))
    assert only_error(response, field).endswith(": Fältet saknas.")


@pytest.mark.parametrize(
    "field",
    ["agency", "full_name", "address", "personnummer", "position", "diarienummer", "grounds", "appointee"],
)
def test_letter_oversize_field(api_client, field):
    limit = app.openapi()["components"]["schemas"]["LetterRequest"]["properties"][field]["maxLength"]
    response = api_client.post("/api/letters?format=txt", json={**LETTER, field: "a" * (limit + 1)})
    assert only_error(response, field).endswith(f"Texten är för lång (högst {limit} tecken).")


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("full_name", "Anna", messages.NAME_INVALID),
        ("address", "Storgatan 1", messages.ADDRESS_INCOMPLETE),
        ("position", "", messages.TEXT_EMPTY.format(label=messages.FIELD_LABELS["position"])),
        ("diarienummer", "okänt", "ser inte ut som ett diarienummer"),
        ("grounds", "För kort.", "för kort"),
        ("personnummer", 198507099805, "Värdet måste vara text."),
        ("decision_posted_on", "2026-06-02", "ligger i framtiden"),
        ("decision_posted_on", "2 juni", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
    ],
)
def test_letter_refuses_a_bad_field(api_client, field, value, expected):
    response = api_client.post("/api/letters?format=txt", json={**LETTER, field: value})
    assert expected in only_error(response, field)


@pytest.mark.parametrize("value", ["19850709-9806", "850709-98", "19851309-9805"])
def test_letter_bad_personnummer_is_not_echoed(api_client, value):
    response = api_client.post("/api/letters?format=txt", json={**LETTER, "personnummer": value})
    message = only_error(response, "personnummer")
    assert message.removeprefix("personnummer: ") in (
        messages.PERSONNUMMER_FORMAT, messages.PERSONNUMMER_INVALID
    )
    assert re.sub(r"\D", "", value) not in re.sub(r"\D", "", response.text)


def test_a_personnummer_typed_in_another_field_is_not_echoed(api_client):
    for field, value in [("diarienummer", "mitt nummer är 198507099805 tack"), ("agency", "850709-9805")]:
        response = api_client.post("/api/letters?format=txt", json={**LETTER, field: value})
        only_error(response, field)
        assert not any(form in response.text for form in PERSONNUMMER_FORMS)


def test_letter_requests_leave_nothing_in_the_logs(api_client, caplog):
    caplog.set_level(logging.DEBUG)
    assert api_client.post("/api/letters", json=LETTER).status_code == 200
    bad = {**LETTER, "full_name": "A", "personnummer": PERSONNUMMER.replace("5", "6")}
    assert api_client.post("/api/letters?format=txt", json=bad).status_code == 422
    assert api_client.post("/api/letters?format=txt", json={**LETTER, "grounds": None}).status_code == 422
    logged = "\n".join(f"{record.getMessage()} {record.args}" for record in caplog.records) + caplog.text
    assert not any(form in logged for form in PERSONNUMMER_FORMS + ("19860709-9806", "8607099806"))
    assert "Anna Svensson" not in logged


def test_letter_writes_no_files(api_client, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for fmt in ("pdf", "docx"):
        assert api_client.post(f"/api/letters?format={fmt}", json=LETTER).status_code == 200
    assert list(tmp_path.iterdir()) == []


# --- server errors, settings, documentation ---


def test_an_unexpected_error_is_a_swedish_500_without_details(api_client, caplog):
    def broken_registry():
        raise RuntimeError(f"registry exploded for {PERSONNUMMER}")

    app.dependency_overrides[get_registry] = broken_registry
    caplog.set_level(logging.DEBUG)
    response = api_client.get("/api/agencies")
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR}
    assert "Traceback" not in response.text and "RuntimeError" not in response.text
    assert "RuntimeError" in caplog.text
    assert PERSONNUMMER not in caplog.text  # the frames are logged, the exception's text is not


def test_today_is_the_date_in_the_configured_time_zone():
    ahead = get_today(Settings(timezone="Pacific/Kiritimati"))  # UTC+14
    behind = get_today(Settings(timezone="Pacific/Pago_Pago"))  # UTC-11
    assert (ahead - behind).days in (1, 2)


def test_settings_come_from_the_environment(monkeypatch):
    assert Settings().timezone == "Europe/Stockholm"
    monkeypatch.setenv("API_TIMEZONE", "Europe/Helsinki")
    assert Settings().timezone == "Europe/Helsinki"
    assert get_settings() is get_settings()


def test_openapi_documents_the_contract(api_client):
    spec = api_client.get("/openapi.json").json()
    assert spec["info"]["title"] == "Överklagandeassistenten"
    operations = {
        (path, method): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }
    assert set(operations) == {
        ("/health", "get"), ("/api/agencies", "get"), ("/api/deadline", "post"),
        ("/api/eligibility", "post"), ("/api/letters", "post"), ("/api/chat", "post"),
        ("/api/answers", "get"), ("/api/letters/{token}.{fmt}", "get"),
        ("/api/conversations/{conversation_id}", "delete"), ("/api/letters/documents-request", "post"),
        ("/api/letters/reemployment-notice", "post"), ("/api/deadline.ics", "get"),
        ("/api/letters/documents-request/download", "get"),
        ("/api/letters/reemployment-notice/{token}.{fmt}", "get"),
    }
    for (path, method), operation in operations.items():
        assert " / " in operation["summary"], path  # Swedish / English
        if method == "post":
            schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorResponse"}
    letter_content = operations[("/api/letters", "post")]["responses"]["200"]["content"]
    assert "application/pdf" in letter_content
    assert spec["components"]["schemas"]["DeadlineRequest"]["properties"]["posted_on"]["format"] == "date"


def test_docs_page_is_served(api_client):
    response = api_client.get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text
