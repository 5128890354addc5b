"""The Överklagan letter: validated content (`build_letter`) and its outputs (`render`).

One `AppealLetter` feeds every format, so text, HTML, PDF and DOCX always say the same thing. Text and
HTML come from the Jinja2 templates in `templates/letters/`; the PDF is the HTML laid out by WeasyPrint;
the DOCX is built with python-docx from the same fields and the same `messages` texts.

User text only ever reaches a template as data, never as template source, so `{{ 7*7 }}` typed by a
user is printed as typed.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import jinja2

from . import fields, messages, sealing
from .agencies import Agency, Registry, default_registry
from .deadline import Deadline, appeal_deadline
from .errors import InvalidInput
from .identity import normalise_diarienummer, normalise_personnummer, personnummer_spans
from .swedish_format import long_date, plain_date

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "letters"

FORMATS = ("txt", "html", "pdf", "docx")
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

_POSTCODE_TOWN = re.compile(r"\b\d{3}\s?\d{2}\s+(?P<town>\S.*)$")


@dataclass(frozen=True)
class AppealRequest:
    """Raw user input, as received from the chat form or the HTTP API."""

    agency: str
    full_name: str
    address: str
    personnummer: str = field(repr=False)
    position: str
    diarienummer: str
    grounds: str
    decision_posted_on: dt.date | None = None
    appointee: str | None = None


# The chat's appeal form keeps each field in a slot of the same name (see the bot contract).
REQUEST_SLOTS = tuple(request_field.name for request_field in dataclass_fields(AppealRequest))


def request_from_slots(slots: Mapping[str, Any]) -> AppealRequest:
    """The chat form's slots as a request: the sealed personnummer opened in memory only, an empty or
    missing slot taken as not given. `sealing.SealError` when the personnummer token cannot be opened."""
    posted_on = slots.get("decision_posted_on")
    return AppealRequest(
        agency=slots.get("agency") or "",
        full_name=slots.get("full_name") or "",
        address=slots.get("address") or "",
        personnummer=sealing.unseal(slots.get("personnummer") or ""),
        position=slots.get("position") or "",
        diarienummer=slots.get("diarienummer") or "",
        grounds=slots.get("grounds") or "",
        decision_posted_on=dt.date.fromisoformat(posted_on) if posted_on else None,
        appointee=slots.get("appointee") or None,
    )


class NoAppealRoute(InvalidInput):
    """The employer's hiring decisions cannot be appealed to Statens överklagandenämnd (a kommun)."""

    def __init__(self, agency_name: str):
        super().__init__(
            "agency",
            messages.NO_STATE_APPEAL_ROUTE.format(name=agency_name, consequence=messages.NO_ROUTE_NO_LETTER),
        )
        self.agency_name = agency_name


@dataclass(frozen=True)
class AppealLetter:
    """The validated, normalised content of one letter."""

    agency: Agency
    full_name: str
    address: tuple[str, ...]
    personnummer: str = field(repr=False)  # YYYYMMDD-XXXX
    town: str
    written_on: dt.date
    position: str
    diarienummer: str
    grounds: str
    appointee: str | None
    decision_posted_on: dt.date | None
    deadline: Deadline | None

    @property
    def place_and_date(self) -> str:
        return messages.LETTER_PLACE_AND_DATE.format(town=self.town, date=plain_date(self.written_on))

    @property
    def intro(self) -> str:
        return messages.LETTER_INTRO.format(agency_genitive=_genitive(self.agency.display_name))

    @property
    def posted_on_text(self) -> str | None:
        return plain_date(self.decision_posted_on) if self.decision_posted_on else None

    @property
    def grounds_paragraphs(self) -> tuple[str, ...]:
        """The grounds split at blank lines; single line breaks stay inside a paragraph."""
        return tuple(p.strip() for p in self.grounds.split("\n\n") if p.strip())

    @property
    def sending_steps(self) -> tuple[str, ...]:
        """The "Så skickar du överklagandet" box, one sentence group per item."""
        agency = self.agency
        name = agency.display_name
        steps = [
            messages.LETTER_SEND_SIGN,
            messages.LETTER_SEND_ENVELOPE.format(marking=agency.envelope_marking),
            messages.LETTER_SEND_EMAIL.format(email=agency.appeal_email)
            if agency.appeal_email
            else messages.LETTER_SEND_POST_ONLY.format(agency=name),
        ]
        if self.deadline is None:
            steps.append(
                messages.LETTER_SEND_DEADLINE_UNKNOWN.format(agency=name, notice_board=agency.notice_board)
            )
        else:
            sentence = (
                messages.LETTER_SEND_DEADLINE_PASSED if self.deadline.passed else messages.LETTER_SEND_DEADLINE
            )
            steps.append(sentence.format(agency=name, deadline=long_date(self.deadline.deadline)))
        steps.append(messages.LETTER_SEND_FORWARDED.format(agency=name))
        return tuple(steps)


def build_letter(request: AppealRequest, today: dt.date, registry: Registry | None = None) -> AppealLetter:
    """Validate every field of `request`; InvalidInput names the first bad field."""
    agency = (registry or default_registry()).get(request.agency)
    if not agency.state_appeal_route:
        raise NoAppealRoute(agency.display_name)
    full_name = fields.full_name(request.full_name)
    address = fields.address(request.address)
    personnummer = normalise_personnummer(request.personnummer, today)
    position = fields.position(request.position)
    if _looks_like_personnummer(request.diarienummer, personnummer):  # before its message could echo it
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_IS_PERSONNUMMER)
    diarienummer = normalise_diarienummer(request.diarienummer)
    grounds = fields.grounds(request.grounds)
    appointee = fields.appointee(request.appointee)
    posted_on = request.decision_posted_on
    deadline = appeal_deadline(posted_on, today, "decision_posted_on") if posted_on else None
    return AppealLetter(
        agency=agency,
        full_name=full_name,
        address=address,
        personnummer=personnummer,
        town=_town(address[-1]),
        written_on=today,
        position=position,
        diarienummer=diarienummer,
        grounds=grounds,
        appointee=appointee,
        decision_posted_on=posted_on,
        deadline=deadline,
    )


def render(letter: AppealLetter, fmt: str) -> bytes:
    if fmt == "txt":
        return _render_template(_environment(html=False), "letter.txt.j2", letter).encode("utf-8")
    if fmt == "html":
        return _render_template(_environment(html=True), "letter.html.j2", letter).encode("utf-8")
    if fmt == "pdf":
        return _render_pdf(letter)
    if fmt == "docx":
        return _render_docx(letter)
    raise ValueError(f"unknown letter format {fmt!r}; expected one of {', '.join(FORMATS)}")


def file_name(letter: AppealLetter, fmt: str) -> str:
    """An ASCII file name from the diarienummer, e.g. "overklagande-FK-2026-012345.pdf"."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}; expected one of {', '.join(FORMATS)}")
    ascii_reference = unicodedata.normalize("NFKD", letter.diarienummer).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_reference).strip("-")[:60].strip("-")
    return f"overklagande-{slug}.{fmt}"


def _genitive(name: str) -> str:
    """Swedish genitive: "Försäkringskassans"; a name ending in s, x or z takes no extra s."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _town(postcode_line: str) -> str:
    """The town after the postcode; an all-capitals town ("KARLSTAD") is written "Karlstad"."""
    match = _POSTCODE_TOWN.search(postcode_line)
    town = match["town"].strip() if match else postcode_line
    return town.title() if town.isupper() else town


def _looks_like_personnummer(diarienummer: object, personnummer: str) -> bool:
    """True when the applicant's own number, or any valid personnummer, was typed as the diarienummer.

    Keeps a personnummer out of the file name, which is built from the diarienummer.
    """
    text = str(diarienummer or "")
    return personnummer.replace("-", "")[2:] in re.sub(r"\D", "", text) or bool(personnummer_spans(text))


# --- templates ---------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    """Autoescaping for HTML only; the text letter keeps user text as typed (it is never evaluated:
    templates insert values, they do not compile them)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=not html,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render_template(env: jinja2.Environment, name: str, letter: AppealLetter) -> str:
    return env.get_template(name).render(letter=letter, text=messages)


# --- PDF ---------------------------------------------------------------------------------------


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that fetches nothing: the letter is self-contained."""
    raise ValueError(f"the letter must not load external resources ({url[:40]})")


def _render_pdf(letter: AppealLetter) -> bytes:
    import weasyprint  # imported on first use: loading Pango takes a moment

    html = _render_template(_environment(html=True), "letter.html.j2", letter)
    return weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


# --- DOCX --------------------------------------------------------------------------------------


def _render_docx(letter: AppealLetter) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11.5)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = messages.LETTER_TITLE
    document.core_properties.author = letter.full_name

    def lines(texts, *, space_after=12, indent=None, align=None):
        paragraph = document.add_paragraph()
        for i, line in enumerate(texts):
            run = paragraph.add_run(line)
            if i < len(texts) - 1:
                run.add_break()
        paragraph.paragraph_format.space_after = Pt(space_after)
        if indent is not None:
            paragraph.paragraph_format.left_indent = indent
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def labelled(label, value):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
        return paragraph

    def heading(text, size):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.space_after = Pt(4)
        return paragraph

    lines([letter.place_and_date], align=WD_ALIGN_PARAGRAPH.RIGHT)
    lines(
        [letter.full_name, *letter.address, f"{messages.LETTER_PERSONNUMMER_LABEL}: {letter.personnummer}"],
        space_after=18,
    )
    lines(list(letter.agency.appeal_address), indent=Mm(85), space_after=24)
    heading(messages.LETTER_TITLE, 15)
    labelled(messages.LETTER_POSITION_LABEL, letter.position)
    labelled(messages.LETTER_DIARIENUMMER_LABEL, letter.diarienummer)
    if letter.appointee:
        labelled(messages.LETTER_APPOINTEE_LABEL, letter.appointee)
    if letter.posted_on_text:
        labelled(messages.LETTER_POSTED_ON_LABEL, letter.posted_on_text)
    lines([letter.intro], space_after=6).paragraph_format.space_before = Pt(10)
    heading(messages.LETTER_REQUEST_HEADING, 12)
    lines([messages.LETTER_REQUEST], space_after=6)
    heading(messages.LETTER_GROUNDS_HEADING, 12)
    for paragraph in letter.grounds_paragraphs:
        lines(paragraph.split("\n"), space_after=8)
    lines([messages.LETTER_SIGNATURE_LABEL], space_after=30).paragraph_format.space_before = Pt(18)
    lines(["_" * 40, letter.full_name], space_after=24)

    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    title = cell.paragraphs[0]
    title.add_run(messages.LETTER_SENDING_HEADING).bold = True
    for step in letter.sending_steps:
        cell.add_paragraph(step, style="List Bullet")
    cell.add_paragraph().add_run(messages.LETTER_SENDING_NOTE).italic = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
