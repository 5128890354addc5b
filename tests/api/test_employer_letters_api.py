"""POST /api/letters/documents-request, POST /api/letters/reemployment-notice and GET /api/deadline.ics:
every format, Swedish 422s, nothing logged; the appeal letter's link to its calendar file."""
import io
import logging
import re

import icalendar
import pytest
from pypdf import PdfReader

from api.errors import FORMAT_UNKNOWN
from api.main import app
from hiring_rules import messages
from hiring_rules.agencies import default_registry
from hiring_rules.letter_render import FORMATS, MEDIA_TYPES
from tests.api.contract import only_error
from tests.letter_text import docx_text, flat, pdf_text

PERSONNUMMER = "19850709-9805"
PERSONNUMMER_FORMS = ("19850709-9805", "850709-9805", "198507099805", "8507099805")
DOCUMENTS = {"agency": "migrationsverket", "position": "Handläggare", "diarienummer": "2.3.4-2026-5566"}
NOTICE = {
    "agency": "forsakringskassan",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
    "personnummer": PERSONNUMMER,
    "position": "Handläggare sjukpenning",
    "employment_ended_on": "2026-05-31",
    "email": "anna@exempel.se",
}
APPEAL = {
    "agency": "migrationsverket",
    "full_name": "Anna Svensson",
    "address": "Storgatan 1, 123 45 Karlstad",
    "personnummer": PERSONNUMMER,
    "position": "Handläggare",
    "diarienummer": "2.3.4-2026-5566",
    "grounds": "Jag har längre erfarenhet av handläggning och bättre utbildning än den som anställdes.",
    "decision_posted_on": "2026-05-29",  # server_today is 2026-06-01: the last day is 22 June
}
ROUTES = {"documents-request": DOCUMENTS, "reemployment-notice": NOTICE}


def text_of(response) -> str:
    kind = response.headers["content-type"]
    if kind == MEDIA_TYPES["pdf"]:
        return pdf_text(response.content)
    if kind == MEDIA_TYPES["docx"]:
        return docx_text(response.content)
    return flat(response.text)


# --- the two letters ---


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("route, prefix", [("documents-request", "begaran-allman-handling"),
                                           ("reemployment-notice", "anmalan-foretradesratt")])
def test_every_format(api_client, route, prefix, fmt):
    response = api_client.post(f"/api/letters/{route}?format={fmt}", json=ROUTES[route])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPES[fmt]
    assert re.fullmatch(rf'attachment; filename="{prefix}-[A-Za-z0-9-]+\.{fmt}"',
                        response.headers["content-disposition"])
    assert response.headers["cache-control"] == "no-store"
    title = messages.DOCUMENTS_TITLE if route == "documents-request" else messages.NOTICE_TITLE
    assert title in text_of(response)


def test_documents_request_pdf_reads_back_with_the_registry_address(api_client):
    response = api_client.post("/api/letters/documents-request", json=DOCUMENTS)
    assert response.headers["content-type"] == "application/pdf"  # the default format
    text = pdf_text(response.content)
    for line in default_registry().get("migrationsverket").appeal_address:
        assert line in text
    for expected in (*messages.DOCUMENTS_DEFAULT, "2.3.4-2026-5566", "rekrytering@migrationsverket.se",
                     flat(messages.DOCUMENTS_SEND_APPEAL_RUNNING)):
        assert expected in text


def test_documents_request_with_a_name_and_chosen_documents(api_client):
    body = {**DOCUMENTS, "full_name": "Anna Svensson", "email": "anna@exempel.se",
            "documents": ["intervjuanteckningar"]}
    text = flat(api_client.post("/api/letters/documents-request?format=txt", json=body).text)
    assert "Anna Svensson" in text and "intervjuanteckningar" in text
    assert messages.DOCUMENTS_DEFAULT[0] not in text


def test_documents_request_for_a_municipality(api_client):
    response = api_client.post("/api/letters/documents-request?format=txt",
                               json={**DOCUMENTS, "agency": "karlstads_kommun", "diarienummer": "KS 2026/12"})
    assert response.status_code == 200
    assert messages.DOCUMENTS_SEND_FEES_OTHER.format(agency="Karlstads kommun") in flat(response.text)


def test_reemployment_notice_pdf_reads_back(api_client):
    text = pdf_text(api_client.post("/api/letters/reemployment-notice", json=NOTICE).content)
    for expected in ("Anna Svensson", PERSONNUMMER, "31 maj 2026", "till och med 28 februari 2027",
                     *default_registry().get("forsakringskassan").appeal_address):
        assert expected in text


@pytest.mark.parametrize(
    "route, field, value, expected",
    [
        ("documents-request", "diarienummer", "vet inte", "ser inte ut som ett diarienummer"),
        ("documents-request", "documents", [], messages.DOCUMENTS_EMPTY),
        ("documents-request", "documents", "ansökan", "Värdet måste vara en lista med texter."),
        ("documents-request", "documents", ["ansökan"] * 21, "Listan är för lång (högst 20 delar)."),
        ("documents-request", "documents", [7], "Värdet måste vara text."),
        ("documents-request", "email", "anna@exempel", messages.EMAIL_INVALID),
        ("documents-request", "full_name", "Anna", messages.NAME_INVALID),
        ("documents-request", "agency", "skatteverket", "Jag känner inte till"),
        ("reemployment-notice", "employment_ended_on", "2025-08-31",
         messages.NOTICE_EXPIRED.format(valid_until="31 maj 2026")),
        ("reemployment-notice", "employment_ended_on", "31 maj", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("reemployment-notice", "phone", "ring mig", messages.PHONE_INVALID),
        ("reemployment-notice", "address", "Storgatan 1", messages.ADDRESS_INCOMPLETE),
        ("reemployment-notice", "personnummer", 198507099805, "Värdet måste vara text."),
    ],
)
def test_a_bad_field_is_a_swedish_422(api_client, route, field, value, expected):
    response = api_client.post(f"/api/letters/{route}?format=txt", json={**ROUTES[route], field: value})
    assert expected in only_error(response, field)


@pytest.mark.parametrize("route", ROUTES)
def test_missing_fields_and_unknown_format(api_client, route):
    required = [f for f in ROUTES[route] if f not in ("email",)]
    for field in required:
        body = {k: v for k, v in ROUTES[route].items() if k != field}
        assert only_error(api_client.post(f"/api/letters/{route}?format=txt", json=body), field).endswith(
            ": Fältet saknas."
        )
    message = only_error(api_client.post(f"/api/letters/{route}?format=odt", json=ROUTES[route]), "format")
    assert message == "filformat: " + FORMAT_UNKNOWN.format(known=", ".join(FORMATS))


@pytest.mark.parametrize("route", ROUTES)
def test_oversize_fields(api_client, route):
    schema = app.openapi()["components"]["schemas"]
    name = {"documents-request": "DocumentsRequestBody", "reemployment-notice": "ReemploymentNoticeRequest"}[route]
    for field, spec in schema[name]["properties"].items():
        if "maxLength" in spec:
            body = {**ROUTES[route], field: "a" * (spec["maxLength"] + 1)}
            message = only_error(api_client.post(f"/api/letters/{route}?format=txt", json=body), field)
            assert message.endswith(f"Texten är för lång (högst {spec['maxLength']} tecken).")


@pytest.mark.parametrize("value", ["19850709-9806", "850709-98"])
def test_a_bad_personnummer_is_not_echoed(api_client, value):
    response = api_client.post("/api/letters/reemployment-notice?format=txt", json={**NOTICE, "personnummer": value})
    only_error(response, "personnummer")
    assert re.sub(r"\D", "", value) not in re.sub(r"\D", "", response.text)


def test_nothing_of_a_notice_is_logged(api_client, caplog):
    caplog.set_level(logging.DEBUG)
    assert api_client.post("/api/letters/reemployment-notice", json=NOTICE).status_code == 200
    bad = {**NOTICE, "full_name": "A", "personnummer": "19850709-9806"}
    assert api_client.post("/api/letters/reemployment-notice?format=txt", json=bad).status_code == 422
    logged = "\n".join(f"{record.getMessage()} {record.args}" for record in caplog.records) + caplog.text
    assert not any(form in logged for form in PERSONNUMMER_FORMS + ("19850709-9806", "8507099806"))
    assert "Anna Svensson" not in logged


# --- the calendar file ---


def test_deadline_ics_parses_and_holds_the_last_day(api_client):
    response = api_client.get("/api/deadline.ics?posted_on=2026-05-29&agency=forsakringskassan")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="sista-dag-overklagande-forsakringskassan-2026-05-29.ics"'
    )
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART").isoformat() == "2026-06-22"  # as POST /api/deadline says
    assert api_client.post("/api/deadline", json={"posted_on": "2026-05-29"}).json()["deadline"] == "2026-06-22"
    assert "103 51 Stockholm" in str(event["DESCRIPTION"])
    assert event.walk("VALARM")


@pytest.mark.parametrize(
    "query, field, expected",
    [
        ("posted_on=2026-05-29&agency=karlstads_kommun", "agency",
         messages.NO_STATE_APPEAL_ROUTE.format(
             name="Karlstads kommun", consequence=messages.NO_ROUTE_NO_DEADLINE)),
        ("posted_on=2026-05-29&agency=skatteverket", "agency", "Jag känner inte till"),
        ("posted_on=2026-06-02&agency=migrationsverket", "posted_on", "ligger i framtiden"),
        ("posted_on=2026-05-01&agency=migrationsverket", "posted_on", "har redan varit"),
        ("posted_on=29+maj&agency=migrationsverket", "posted_on", "Ogiltigt datum, använd ÅÅÅÅ-MM-DD."),
        ("agency=migrationsverket", "posted_on", "Fältet saknas."),
        ("posted_on=2026-05-29", "agency", "Fältet saknas."),
    ],
)
def test_deadline_ics_refusals_are_swedish_422s(api_client, query, field, expected):
    assert expected in only_error(api_client.get(f"/api/deadline.ics?{query}"), field)


# --- the appeal letter links its calendar file ---

CALENDAR_URL = "http://testserver/api/deadline.ics?posted_on=2026-05-29&agency=migrationsverket"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_appeal_letter_links_the_calendar_file(api_client, fmt):
    response = api_client.post(f"/api/letters?format={fmt}", json=APPEAL)
    text = text_of(response)
    assert messages.LETTER_CALENDAR_LINK in text
    if fmt == "html":
        assert f'href="{CALENDAR_URL.replace("&", "&amp;")}"' in response.text
    elif fmt == "pdf":
        links = [
            annotation.get_object()["/A"]["/URI"]
            for page in PdfReader(io.BytesIO(response.content)).pages
            for annotation in page.get("/Annots", [])
        ]
        assert links == [CALENDAR_URL]
    else:
        assert CALENDAR_URL in text
    assert api_client.get(CALENDAR_URL).status_code == 200


@pytest.mark.parametrize("posted_on", [None, "2026-05-01"])  # no posting day, or a last day that has passed
def test_no_calendar_link_without_a_day_ahead(api_client, posted_on):
    body = {**APPEAL, "decision_posted_on": posted_on}
    text = flat(api_client.post("/api/letters?format=txt", json=body).text)
    assert messages.LETTER_CALENDAR_LINK not in text and "deadline.ics" not in text
