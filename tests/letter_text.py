"""Any letter (hiring_rules.letter_render) read back as comparable text from each of its formats."""
from __future__ import annotations

import io

import docx
import pypdf

from hiring_rules.letter_render import Letter, render


def flat(text: str) -> str:
    """Whitespace collapsed, so a phrase broken over two lines still matches."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat("\n".join(parts))


def all_texts(letter: Letter) -> dict[str, str]:
    """Every format as comparable text; HTML as its source, so escaping is visible."""
    return {
        "txt": flat(render(letter, "txt").decode("utf-8")),
        "html": flat(render(letter, "html").decode("utf-8")),
        "pdf": pdf_text(render(letter, "pdf")),
        "docx": docx_text(render(letter, "docx")),
    }
