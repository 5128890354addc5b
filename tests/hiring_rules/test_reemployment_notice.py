"""The registration of företrädesrätt: validation (the personnummer by hiring_rules.identity), the
recipient and the registration rule from the registry, and the same content in every format."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io

import pypdf
import pytest
import yaml

from hiring_rules import messages
from hiring_rules.agencies import DEFAULT_PATH, default_registry, load_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.fields import contact
from hiring_rules.letter_render import FORMATS, render
from hiring_rules.reemployment_notice import (
    NoticeRequest,
    build_reemployment_notice,
    ended_on_from_text,
)
from tests.hiring_rules.letters import APPLICANT, refusal
from tests.letter_text import all_texts, flat

TODAY = dt.date(2026, 11, 10)
PERSONNUMMER = "19870512-1005"
FK = default_registry().get("forsakringskassan")


def request(**changes) -> NoticeRequest:
    base = NoticeRequest(
        **APPLICANT,
        employment_ended_on=dt.date(2026, 10, 31),
        email="anna@exempel.se",
        phone="+46 70 123 45 67",
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def fk_texts() -> dict[str, str]:
    return all_texts(build_reemployment_notice(request(), TODAY))


@pytest.mark.parametrize("fmt", FORMATS)
def test_notice_content(fk_texts, fmt):
    text = html.unescape(fk_texts[fmt])
    for expected in (
        messages.NOTICE_TITLE,
        "Karlstad den 10 november 2026",
        "Anna Svensson",
        "Storgatan 1",
        f"Personnummer: {PERSONNUMMER}",
        "E-post: anna@exempel.se",
        "Telefon: +46 70 123 45 67",
        *FK.appeal_address,  # the recruiting unit
        "Handläggare inom sjukpenning",
        "31 oktober 2026",
        messages.NOTICE_CLAIM.format(agency="Försäkringskassan"),
        "Min sista anställningsdag var 31 oktober 2026",
        "till och med 31 juli 2027",  # nine months after the last day
        messages.NOTICE_CONFIRM,
        messages.LETTER_SIGNATURE_LABEL,
        messages.NOTICE_SEND_EMAIL.format(email=FK.hr_contacts.email),
        FK.reemployment.how_to_register,  # the registry's words on registering with this employer
        messages.REASON_DECLINE_WARNING,
    ):
        assert flat(expected) in text, f"{fmt}: {expected!r} missing"


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_employer_without_a_stated_rule_and_without_an_address(fmt):
    notice = build_reemployment_notice(request(agency="karlstads_kommun", email=None, phone=None), TODAY)
    text = all_texts(notice)[fmt]
    assert messages.REASON_REGISTER_MAYBE in text
    assert messages.REASON_REGISTER_REQUIRED.format(name="Karlstads kommun") not in text
    assert "Vi har ingen adress till Karlstads kommun" in text
    assert "E-post:" not in text and "Telefon:" not in text


def test_a_required_registration_without_the_employers_words(tmp_path):
    entries = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    entries["migrationsverket"]["reemployment"] = {"registration_required": True, "how_to_register": None}
    path = tmp_path / "agencies.yml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    notice = build_reemployment_notice(request(agency="migrationsverket"), TODAY, load_registry(path))
    text = flat(render(notice, "txt").decode())
    assert messages.REASON_REGISTER_REQUIRED.format(name="Migrationsverket") in text
    assert messages.REASON_REGISTER_MAYBE not in text


def test_an_end_date_ahead_is_written_in_the_future_tense():
    text = flat(render(build_reemployment_notice(request(employment_ended_on=dt.date(2026, 12, 31)), TODAY), "txt").decode())
    assert "Min sista anställningsdag är 31 december 2026" in text
    assert "till och med 30 september 2027" in text


def test_a_notice_after_the_right_has_run_out_is_refused():
    with pytest.raises(InvalidInput) as caught:
        build_reemployment_notice(request(employment_ended_on=dt.date(2026, 2, 9)), TODAY)  # until 9 Nov
    assert caught.value.field == "employment_ended_on"
    assert caught.value.message == messages.NOTICE_EXPIRED.format(valid_until="9 november 2026")
    assert build_reemployment_notice(request(employment_ended_on=dt.date(2026, 2, 10)), TODAY)  # last day


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("agency", "skatteverket", "Jag känner inte till"),
        ("full_name", "Anna", messages.NAME_INVALID),
        ("address", "Storgatan 1", messages.ADDRESS_INCOMPLETE),
        ("personnummer", "19870512-1004", messages.PERSONNUMMER_INVALID),  # wrong check digit
        ("personnummer", "12345", messages.PERSONNUMMER_FORMAT),
        ("personnummer", "20990512-1005", messages.PERSONNUMMER_INVALID),
        ("position", "", "får inte vara tomt"),
        ("email", "anna.exempel.se", messages.EMAIL_INVALID),
        ("phone", "ring mig", messages.PHONE_INVALID),
        ("phone", "12345", "för kort"),
    ],
)
def test_each_invalid_field_is_named_in_swedish(field, value, message):
    refused = refusal(lambda: build_reemployment_notice(request(**{field: value}), TODAY), field)
    assert message in refused
    assert "870512" not in refused


def test_the_personnummer_is_normalised_and_kept_out_of_reprs_and_the_file_name():
    notice = build_reemployment_notice(request(personnummer="8705121005"), TODAY)
    assert notice.personnummer == PERSONNUMMER
    assert "870512" not in repr(notice) and "870512" not in repr(request())
    assert notice.file_name("pdf") == "anmalan-foretradesratt-forsakringskassan.pdf"


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_hostile_text_is_printed_as_typed_and_never_evaluated(fmt):
    position = "{{ 7*7 }} <b>handläggare</b>"
    text = all_texts(build_reemployment_notice(request(position=position), TODAY))[fmt]
    assert position in text and "49" not in text


def test_hostile_text_is_escaped_in_html():
    source = render(build_reemployment_notice(request(position="<script>x</script> chef"), TODAY), "html").decode()
    assert "<script>" not in source and "&lt;script&gt;x&lt;/script&gt; chef" in source


def test_a_notice_with_a_two_line_address_is_one_a4_page():
    reader = pypdf.PdfReader(io.BytesIO(render(build_reemployment_notice(request(), TODAY), "pdf")))
    assert len(reader.pages) == 1
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)


@pytest.mark.parametrize("hostile", ["anna@exempel.se\u202e", "070\x00123 45 67", "x" * 301])
def test_a_hostile_contact_answer_is_refused(hostile):
    with pytest.raises(InvalidInput) as refused:
        contact(hostile)
    assert refused.value.field == "contact"


def test_the_end_date_answer_is_refused_once_the_right_has_run_out():
    assert ended_on_from_text("sista dagen var 31 oktober 2026", TODAY) == "2026-10-31"
    with pytest.raises(InvalidInput) as refused:
        ended_on_from_text("2026-01-31", TODAY)  # nine months ran out on 31 October
    assert refused.value.message == messages.NOTICE_EXPIRED.format(valid_until="31 oktober 2026")
