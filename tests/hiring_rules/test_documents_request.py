"""The request for public documents: validation, the recipient from the registry (registrar, else the
recruiting unit), anonymity, and the same content in txt, HTML, PDF and DOCX."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
import pytest
import yaml

from hiring_rules import messages
from hiring_rules.agencies import DEFAULT_PATH, default_registry, load_registry
from hiring_rules.documents_request import MAX_DOCUMENTS, DocumentsRequest, build_documents_request
from hiring_rules.letter_render import FORMATS, render
from tests.hiring_rules.letters import refusal
from tests.letter_text import all_texts, flat

TODAY = dt.date(2026, 11, 10)
REGISTRY = default_registry()
FK = REGISTRY.get("forsakringskassan")
MV = REGISTRY.get("migrationsverket")
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %}x{% endraw %}"


def request(**changes) -> DocumentsRequest:
    base = DocumentsRequest(agency="forsakringskassan", position="Handläggare", diarienummer="FK 2026/012345")
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def anonymous_fk() -> dict[str, str]:
    return all_texts(build_documents_request(request(), TODAY))


@pytest.fixture(scope="module")
def named_mv() -> dict[str, str]:
    return all_texts(
        build_documents_request(
            request(agency="migrationsverket", diarienummer="2.3.4-2026-5566", full_name="Anna Svensson",
                    email="anna@exempel.se", documents=("intervjuanteckningar", "referenser")),
            TODAY,
        )
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_anonymous_request_for_the_default_documents(anonymous_fk, fmt):
    text = anonymous_fk[fmt]
    for expected in (
        messages.DOCUMENTS_TITLE,
        "10 november 2026",
        *FK.appeal_address,  # no registrar in the registry: the recruiting unit
        "FK 2026/012345",
        "Handläggare",
        "Försäkringskassans rekrytering",
        *messages.DOCUMENTS_DEFAULT,
        messages.DOCUMENTS_REPLY_BY_EMAIL,
        messages.DOCUMENTS_SEND_EMAIL.format(email=FK.hr_contacts.email),
        messages.DOCUMENTS_SEND_ANONYMOUS,
        messages.DOCUMENTS_SEND_WHERE_TO_REPLY,
        "skyndsamt",
        "nio sidor",
        "50 kronor",
        messages.DOCUMENTS_SEND_APPEAL_RUNNING,
    ):
        assert flat(expected) in text, f"{fmt}: {expected!r} missing"
    assert "Anna" not in text and "E-post:" not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_named_request_for_chosen_documents(named_mv, fmt):
    text = named_mv[fmt]
    for expected in ("Anna Svensson", "E-post: anna@exempel.se", "intervjuanteckningar", "referenser",
                     messages.DOCUMENTS_REPLY_TO.format(email="anna@exempel.se"), *MV.appeal_address,
                     "Migrationsverkets rekrytering", MV.hr_contacts.email):
        assert expected in text, f"{fmt}: {expected!r} missing"
    assert messages.DOCUMENTS_DEFAULT[0] not in text
    assert messages.DOCUMENTS_SEND_WHERE_TO_REPLY not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_municipality_gets_the_request_without_appeal_or_state_fees(fmt):
    text = all_texts(build_documents_request(request(agency="karlstads_kommun", diarienummer="KS 2026/12"), TODAY))[fmt]
    assert "Karlstads kommun" in text
    assert messages.DOCUMENTS_SEND_FEES_OTHER.format(agency="Karlstads kommun") in text
    assert "Kontaktuppgifterna finns i annonsen" in text  # no address in the registry: the job ad's contact
    assert "50 kronor" not in text
    assert "överklaga" not in text.lower()


def test_the_registrar_is_preferred_where_the_registry_names_one(tmp_path):
    entries = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    entries["migrationsverket"]["registrar"] = {
        "address": ["Migrationsverket", "Registraturen", "601 70 Norrköping"], "email": "registrator@test.se",
    }
    path = tmp_path / "agencies.yml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    letter = build_documents_request(request(agency="migrationsverket"), TODAY, load_registry(path))
    text = flat(render(letter, "txt").decode())
    assert "Registraturen 601 70 Norrköping" in text
    assert messages.DOCUMENTS_SEND_EMAIL.format(email="registrator@test.se") in text
    assert "Kompetensförsörjningsenheten" not in text


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("agency", "skatteverket", "Jag känner inte till"),
        ("position", " ", "får inte vara tomt"),
        ("diarienummer", "vet inte", "ser inte ut som ett diarienummer"),
        ("diarienummer", "19850709-9805", messages.DIARIENUMMER_IS_PERSONNUMMER),
        ("documents", (), messages.DOCUMENTS_EMPTY),
        ("documents", ("x",), "för kort"),
        ("documents", ("ansökan",) * (MAX_DOCUMENTS + 1), messages.DOCUMENTS_TOO_MANY.format(max=MAX_DOCUMENTS)),
        ("full_name", "Anna", messages.NAME_INVALID),
        ("email", "anna@exempel", messages.EMAIL_INVALID),
        ("email", "anna svensson@exempel.se", messages.EMAIL_INVALID),
    ],
)
def test_each_invalid_field_is_named_in_swedish(field, value, message):
    refused = refusal(lambda: build_documents_request(request(**{field: value}), TODAY), field)
    assert message in refused
    assert "9805" not in refused


def test_blank_name_and_email_are_not_given():
    letter = build_documents_request(request(full_name="  ", email=""), TODAY)
    assert letter.full_name is None and letter.email is None


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_hostile_documents_are_printed_as_typed(fmt):
    letter = build_documents_request(request(documents=(HOSTILE,)), TODAY)
    text = all_texts(letter)[fmt]
    assert (HOSTILE.replace(" ", "") if fmt == "pdf" else HOSTILE) in (text.replace(" ", "") if fmt == "pdf" else text)
    assert "49" not in text


def test_hostile_documents_are_escaped_in_html():
    html = render(build_documents_request(request(documents=(HOSTILE,)), TODAY), "html").decode()
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html


def test_file_name_is_ascii_from_the_diarienummer():
    name = build_documents_request(request(diarienummer="Dnr Ö-2026/12"), TODAY).file_name("pdf")
    assert name == "begaran-allman-handling-Dnr-O-2026-12.pdf"
    assert re.fullmatch(r"[A-Za-z0-9.\-]+", name)


def test_a_request_is_one_page():
    letter = build_documents_request(request(full_name="Anna Svensson", email="anna@exempel.se"), TODAY)
    assert len(pypdf.PdfReader(io.BytesIO(render(letter, "pdf"))).pages) == 1
