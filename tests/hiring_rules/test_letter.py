"""The Överklagan letter: validation in build_letter and the same content in txt, HTML, PDF and DOCX."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
import pytest
import yaml

from hiring_rules import messages
from hiring_rules.agencies import DEFAULT_PATH, load_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import AppealLetter, AppealRequest, NoAppealRoute, build_letter
from hiring_rules.letter_render import FORMATS, MEDIA_TYPES, render
from tests.hiring_rules.letters import APPLICANT, refusal
from tests.letter_text import all_texts, flat

TODAY = dt.date(2026, 11, 10)  # a Tuesday
POSTED_ON = dt.date(2026, 11, 3)  # deadline three weeks later: tuesday 24 November 2026
PERSONNUMMER = "19870512-1005"
HOSTILE = (
    "Jag är mer meriterad än den som fick tjänsten, se mina betyg. "
    "<script>alert(1)</script> {{ 7*7 }} {% raw %}x{% endraw %} ${7*7} {{ letter.personnummer }} & \"citat\""
)

FK_ADDRESS = ("HR-avdelningen Bemanning och rekrytering 1", "Försäkringskassan", "103 51 Stockholm")
MV_ADDRESS = ("Migrationsverket", "Kompetensförsörjningsenheten", "Box 1430", "171 27 Solna")
MV_EMAIL = "rekrytering@migrationsverket.se"


def request(**changes) -> AppealRequest:
    base = AppealRequest(
        **APPLICANT,
        diarienummer="FK 2026/012345",
        grounds=(
            "Jag har tolv års erfarenhet av handläggning och en socionomexamen.\n\n"
            "Den som anställdes har kortare erfarenhet."
        ),
    )
    return dataclasses.replace(base, **changes)


@pytest.fixture(scope="module")
def fk_letter() -> AppealLetter:
    return build_letter(request(decision_posted_on=POSTED_ON, appointee="Per Persson"), TODAY)


@pytest.fixture(scope="module")
def fk_texts(fk_letter) -> dict[str, str]:
    return all_texts(fk_letter)


@pytest.fixture(scope="module")
def mv_texts() -> dict[str, str]:
    return all_texts(build_letter(request(agency="migrationsverket"), TODAY))


@pytest.fixture(scope="module")
def hostile_texts() -> dict[str, str]:
    letter = build_letter(
        request(
            full_name='Anna <script>alert("x")</script> Svensson',
            grounds=HOSTILE,
            position="{{ 7*7 }} handläggare",
            appointee="{% if true %}ja{% endif %}",
        ),
        TODAY,
    )
    return all_texts(letter)


# --- build_letter ---------------------------------------------------------------------------------


def test_build_letter_normalises_the_fields(fk_letter):
    assert fk_letter.personnummer == PERSONNUMMER
    assert fk_letter.address == ("Storgatan 1", "652 24 KARLSTAD")
    assert fk_letter.town == "Karlstad"
    assert fk_letter.place_and_date == "Karlstad den 10 november 2026"
    assert fk_letter.agency.appeal_address == FK_ADDRESS
    assert fk_letter.deadline.last_day == dt.date(2026, 11, 24)


def test_address_with_commas_and_town_of_two_words():
    letter = build_letter(request(address="c/o Berg, Ängsvägen 12 B, 194 30 Upplands Väsby"), TODAY)
    assert letter.address == ("c/o Berg", "Ängsvägen 12 B", "194 30 Upplands Väsby")
    assert letter.place_and_date == "Upplands Väsby den 10 november 2026"


def test_no_deadline_without_posting_date():
    assert build_letter(request(), TODAY).deadline is None


def test_municipality_has_no_appeal_route():
    with pytest.raises(NoAppealRoute) as caught:
        build_letter(request(agency="karlstads_kommun"), TODAY)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.field == "agency"
    assert caught.value.message == messages.NO_STATE_APPEAL_ROUTE.format(
        name="Karlstads kommun", consequence=messages.NO_ROUTE_NO_LETTER
    )
    assert "kan inte överklagas till Statens överklagandenämnd. Därför skriver jag inget" in caught.value.message
    assert "Statens överklagandenämnd" in caught.value.message


@pytest.mark.parametrize(
    "field, value",
    [
        ("agency", "okand_myndighet"),
        ("full_name", "Anna"),
        ("address", "Storgatan 1"),
        ("personnummer", "19870512-1004"),  # wrong check digit
        ("personnummer", "12345"),
        ("position", " "),
        ("diarienummer", "ingen aning"),
        ("diarienummer", PERSONNUMMER),  # a personnummer typed as the diarienummer
        ("diarienummer", "FK 870512-1005"),
        ("grounds", "För kort."),
        ("appointee", "x"),
        ("decision_posted_on", TODAY + dt.timedelta(days=1)),
    ],
)
def test_each_invalid_field_is_named(field, value):
    refused = refusal(lambda: build_letter(request(**{field: value}), TODAY), field)
    assert refused
    assert "870512" not in refused


def test_personnummer_is_kept_out_of_reprs(fk_letter):
    assert "870512" not in repr(fk_letter)
    assert "870512" not in repr(request())


def test_registry_argument_and_genitive_of_a_name_ending_in_s(tmp_path):
    entry = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))["migrationsverket"]
    entry["display_name"] = "Trafikanalys"
    path = tmp_path / "agencies.yml"
    path.write_text(yaml.safe_dump({"trafikanalys": entry}, allow_unicode=True), encoding="utf-8")
    letter = build_letter(request(agency="trafikanalys"), TODAY, load_registry(path))
    assert "Jag överklagar Trafikanalys beslut" in render(letter, "txt").decode()


# --- content of every format ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_letter_content(fk_texts, fmt):
    text = fk_texts[fmt]
    for expected in (
        "Anna Svensson",
        "Storgatan 1",
        "652 24 KARLSTAD",
        PERSONNUMMER,
        "Karlstad den 10 november 2026",
        *FK_ADDRESS,
        messages.LETTER_TITLE,
        "Handläggare inom sjukpenning",
        "FK 2026/012345",
        messages.LETTER_REQUEST,
        "Jag överklagar Försäkringskassans beslut",
        "Jag har tolv års erfarenhet av handläggning och en socionomexamen.",
        messages.LETTER_SIGNATURE_LABEL,
        messages.LETTER_SENDING_HEADING,
        "”Överklagan”",
        "senast tisdag 24 november 2026",
        "Statens överklagandenämnd",
        messages.LETTER_SEND_POST_ONLY.format(agency="Försäkringskassan"),
    ):
        assert expected in text, f"{fmt}: {expected!r} missing"
    assert not re.search(r"[\w.-]+@[\w-]+\.[a-z]+", text)  # post only: no e-mail address anywhere


@pytest.mark.parametrize("fmt", FORMATS)
def test_appointee_line_only_when_given(fk_texts, mv_texts, fmt):
    assert f"{messages.LETTER_APPOINTEE_LABEL}" in fk_texts[fmt]
    assert "Per Persson" in fk_texts[fmt]
    assert messages.LETTER_APPOINTEE_LABEL not in mv_texts[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_email_agency_and_unknown_posting_date(mv_texts, fmt):
    text = mv_texts[fmt]
    assert MV_EMAIL in text
    for line in MV_ADDRESS:
        assert line in text
    assert "Jag överklagar Migrationsverkets beslut" in text
    assert messages.LETTER_SEND_POST_ONLY.format(agency="Migrationsverket") not in text
    assert "inom tre veckor från den dag beslutet anslogs" in text
    assert "Huvudkontorets anslagstavla vid receptionen på Slottsgatan 82 i Norrköping" in text
    assert "senast" not in text


def test_passed_deadline_is_said_plainly():
    letter = build_letter(request(decision_posted_on=dt.date(2026, 10, 1)), TODAY)
    text = flat(render(letter, "txt").decode())
    assert "var torsdag 22 oktober 2026, och den dagen har redan varit" in text


def test_pdf_is_one_a4_page(fk_letter):
    reader = pypdf.PdfReader(io.BytesIO(render(fk_letter, "pdf")))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_plain_text_keeps_paragraphs_and_line_length():
    long_grounds = "Jag har lång erfarenhet av handläggning. " * 20 + "\n\nAndra stycket."
    text = render(build_letter(request(grounds=long_grounds), TODAY), "txt").decode()
    assert "\n\nAndra stycket.\n" in text
    assert max(len(line) for line in text.splitlines()) <= 72


# --- hostile input ---------------------------------------------------------------------------------


def test_hostile_input_is_escaped_in_html(hostile_texts):
    html = hostile_texts["html"]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "{% raw %}x{% endraw %}" in html
    assert "{% if true %}ja{% endif %}" in html


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_hostile_input_is_literal(hostile_texts, fmt):
    # The PDF may break a line at "/" or a space; compare without spaces there.
    text = hostile_texts[fmt].replace(" ", "") if fmt == "pdf" else hostile_texts[fmt]
    for typed in (
        "<script>alert(1)</script>",
        'Anna <script>alert("x")</script> Svensson',
        "{{ 7*7 }} {% raw %}x{% endraw %} ${7*7} {{ letter.personnummer }}",
        "{% if true %}ja{% endif %}",
    ):
        assert (typed.replace(" ", "") if fmt == "pdf" else typed) in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_input_is_never_evaluated(hostile_texts, fmt):
    assert "49" not in hostile_texts[fmt]


# --- formats and file names -----------------------------------------------------------------------


def test_media_types_cover_every_format():
    assert set(MEDIA_TYPES) == set(FORMATS)
    assert MEDIA_TYPES["docx"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_outputs_have_their_format_signatures(fk_letter):
    assert render(fk_letter, "pdf").startswith(b"%PDF-")
    assert render(fk_letter, "docx").startswith(b"PK")
    assert render(fk_letter, "html").startswith(b"<!DOCTYPE html>")
    assert render(fk_letter, "txt").decode("utf-8").startswith("Karlstad den 10 november 2026\n")


def test_unknown_format_is_refused(fk_letter):
    with pytest.raises(ValueError):
        render(fk_letter, "rtf")
    with pytest.raises(ValueError):
        fk_letter.file_name("rtf")


@pytest.mark.parametrize(
    "diarienummer, expected",
    [
        ("FK 2026/012345", "overklagande-FK-2026-012345.pdf"),
        ("2.3.4-2026-5566", "overklagande-2-3-4-2026-5566.pdf"),
        ("Dnr Ö-2026/12", "overklagande-Dnr-O-2026-12.pdf"),
    ],
)
def test_file_name_is_ascii_and_from_the_diarienummer(diarienummer, expected):
    name = build_letter(request(diarienummer=diarienummer), TODAY).file_name("pdf")
    assert name == expected
    assert name.isascii() and re.fullmatch(r"[A-Za-z0-9.\-]+", name)


def test_templates_do_not_depend_on_the_working_directory(tmp_path, monkeypatch, fk_letter):
    monkeypatch.chdir(tmp_path)
    assert messages.LETTER_TITLE in render(fk_letter, "html").decode()
