"""A letter's layout and its four outputs: text, HTML, PDF and DOCX.

Every letter the assistant writes (the appeal, the request for public documents, the registration of
företrädesrätt) describes itself as one `Layout`: sender, recipient, title, facts, sections, signature
and the "så skickar du" box. One text template, one HTML template (`templates/letters/`) and one DOCX
builder lay any `Layout` out, so every letter gets the same four formats and each format says the same.
The PDF is the HTML laid out by WeasyPrint.

User text only ever reaches a template as data, never as template source, so `{{ 7*7 }}` typed by a
user is printed as typed.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import jinja2

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "letters"

FORMATS = ("txt", "html", "pdf", "docx")
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Fact:
    """One labelled line under the title ("Diarienummer: FK 2026/012345")."""

    label: str
    value: str
    is_reference: bool = False  # the case reference, repeated in the running header of later pages


@dataclass(frozen=True)
class Section:
    """A part of the body: an optional heading, paragraphs (a single line break stays inside a
    paragraph), then a bulleted list."""

    heading: str | None
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signature:
    label: str  # "Underskrift", "Med vänliga hälsningar"
    name: str | None  # printed under the line; None for a letter without a name
    handwritten: bool  # a line to sign on by hand


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class SendingBox:
    """The reminder at the foot of a letter: how and where to send it; not part of the letter."""

    heading: str
    steps: tuple[str, ...]
    note: str
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Layout:
    title: str
    author: str | None  # the document's author property; None for a letter without a name
    place_and_date: str
    sender: tuple[str, ...]  # lines; empty for a letter without a name
    recipient: tuple[str, ...]
    facts: tuple[Fact, ...]
    sections: tuple[Section, ...]
    signature: Signature | None
    sending: SendingBox

    @property
    def reference(self) -> str | None:
        return next((fact.value for fact in self.facts if fact.is_reference), None)


class Letter(Protocol):
    """What every letter offers: its layout and its download's file name."""

    def layout(self) -> Layout: ...

    def file_name(self, fmt: str) -> str: ...


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown letter format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render(letter: Letter, fmt: str) -> bytes:
    check_format(fmt)
    layout = letter.layout()
    if fmt == "txt":
        return _render_template(_environment(html=False), "letter.txt.j2", layout).encode("utf-8")
    if fmt == "html":
        return _render_template(_environment(html=True), "letter.html.j2", layout).encode("utf-8")
    if fmt == "pdf":
        return _render_pdf(layout)
    return _render_docx(layout)


def file_name(prefix: str, reference: str, fmt: str) -> str:
    """An ASCII file name from a prefix and a reference, e.g. "overklagande-FK-2026-012345.pdf"."""
    check_format(fmt)
    ascii_reference = unicodedata.normalize("NFKD", reference).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_reference).strip("-")[:60].strip("-")
    return f"{prefix}-{slug}.{fmt}" if slug else f"{prefix}.{fmt}"


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


def _render_template(env: jinja2.Environment, name: str, layout: Layout) -> str:
    return env.get_template(name).render(layout=layout)


# --- PDF ---------------------------------------------------------------------------------------


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher that fetches nothing: the letter is self-contained."""
    raise ValueError(f"the letter must not load external resources ({url[:40]})")


def _render_pdf(layout: Layout) -> bytes:
    import weasyprint  # imported on first use: loading Pango takes a moment

    html = _render_template(_environment(html=True), "letter.html.j2", layout)
    return weasyprint.HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


# --- DOCX --------------------------------------------------------------------------------------


def _render_docx(layout: Layout) -> bytes:
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
    document.core_properties.title = layout.title
    document.core_properties.author = layout.author or ""

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

    def heading(text, size):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.space_after = Pt(4)
        return paragraph

    lines([layout.place_and_date], align=WD_ALIGN_PARAGRAPH.RIGHT)
    if layout.sender:
        lines(list(layout.sender), space_after=18)
    lines(list(layout.recipient), indent=Mm(85), space_after=24)
    heading(layout.title, 15)
    for fact in layout.facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{fact.label}: ").bold = True
        paragraph.add_run(fact.value)
    for part in layout.sections:
        if part.heading:
            heading(part.heading, 12)
        for text in part.paragraphs:
            lines(text.split("\n"), space_after=8).paragraph_format.space_before = Pt(6)
        for item in part.items:
            document.add_paragraph(item, style="List Bullet")
    if layout.signature:
        signature = layout.signature
        lines([signature.label], space_after=30 if signature.handwritten else 6).paragraph_format.space_before = Pt(18)
        below = (["_" * 40] if signature.handwritten else []) + ([signature.name] if signature.name else [])
        if below:
            lines(below, space_after=24)

    box = document.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    cell.paragraphs[0].add_run(layout.sending.heading).bold = True
    for step in layout.sending.steps:
        cell.add_paragraph(step, style="List Bullet")
    for link in layout.sending.links:
        cell.add_paragraph(f"{link.text}: {link.url}")
    cell.add_paragraph().add_run(layout.sending.note).italic = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
