"""Free-text fields of the letters: name, address, position, grounds, appointee, e-mail, phone (alone
or as one contact answer) and the documents asked for.

Each function returns the cleaned value or raises InvalidInput naming the field, so the chat form and
the HTTP API refuse the same input with the same Swedish message.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, TypeVar

from . import messages
from .errors import InvalidInput

# C0/C1 control characters (tab, line feed and carriage return are layout, handled below) and the
# bidirectional embedding/override/isolate marks, which make a line in the letter display in another
# order than it was written.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_PHONE = re.compile(r"\+?[\d\s()\-]+")
_PHONE_DIGITS = (6, 15)
_EMAIL_IN_TEXT = re.compile(r"[^@\s,;:()<>]+@[^@\s,;:()<>]+")
_NOT_PHONE = re.compile(r"[^\d+()\-\s]")  # words around a number ("tel", "eller", "mobil")
_POSTCODE_TOWN = re.compile(r"\b\d{3}\s?\d{2}\s+(?P<town>\S.*)$")

T = TypeVar("T")


def _clean(field: str, value: object, *, min_len: int, max_len: int, multiline: bool = False) -> str:
    label = messages.FIELD_LABELS[field]
    text = unicodedata.normalize("NFC", str(value or ""))
    if _CONTROL.search(text):
        raise InvalidInput(field, messages.TEXT_CONTROL_CHARS.format(label=label))
    if multiline:
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
        text = "\n".join(lines).strip()
        text = re.sub(r"\n{3,}", "\n\n", text)
    else:
        text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise InvalidInput(field, messages.TEXT_EMPTY.format(label=label))
    if len(text) < min_len:
        raise InvalidInput(field, messages.TEXT_TOO_SHORT.format(label=label, min=min_len))
    if len(text) > max_len:
        raise InvalidInput(field, messages.TEXT_TOO_LONG.format(label=label, max=max_len))
    return text


def full_name(value: object) -> str:
    text = _clean("full_name", value, min_len=3, max_len=100)
    letters = [w for w in text.split(" ") if any(ch.isalpha() for ch in w)]
    if len(letters) < 2 or any(ch.isdigit() for ch in text):
        raise InvalidInput("full_name", messages.NAME_INVALID)
    return text


def address(value: object) -> tuple[str, ...]:
    """Address lines: a street line and a "postnummer ort" line, given on separate lines or with commas."""
    text = _clean("address", value, min_len=8, max_len=200, multiline=True)
    lines = tuple(part.strip() for part in re.split(r"[\n,]+", text) if part.strip())
    if len(lines) < 2 or not _POSTCODE_TOWN.search(lines[-1]) or len(lines) > 5:
        raise InvalidInput("address", messages.ADDRESS_INCOMPLETE)
    return lines


def town(address_lines: tuple[str, ...]) -> str:
    """The town after the postcode of a cleaned address; an all-capitals town ("KARLSTAD") is written
    "Karlstad"."""
    match = _POSTCODE_TOWN.search(address_lines[-1])
    name = match["town"].strip() if match else address_lines[-1]
    return name.title() if name.isupper() else name


def position(value: object) -> str:
    return _clean("position", value, min_len=2, max_len=150)


def grounds(value: object) -> str:
    return _clean("grounds", value, min_len=10, max_len=5000, multiline=True)


def appointee(value: object) -> str | None:
    """Which appointment is appealed where several were hired; empty means not given."""
    return optional(lambda text: _clean("appointee", text, min_len=2, max_len=200), value)


def optional(read: Callable[[str], T], value: object) -> T | None:
    """An optional field: None when it is not given (missing, or only whitespace), else `read` of it."""
    if value is None or not str(value).strip():
        return None
    return read(str(value))


def email(value: object) -> str:
    """An e-mail address: one '@', a dot in the domain, no spaces; no more is checked (a typo in an
    address that looks right cannot be caught without sending to it)."""
    text = _clean("email", value, min_len=6, max_len=254)
    if not _EMAIL.fullmatch(text):
        raise InvalidInput("email", messages.EMAIL_INVALID)
    return text


def phone(value: object) -> str:
    text = _clean("phone", value, min_len=6, max_len=30)
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE.fullmatch(text) or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]:
        raise InvalidInput("phone", messages.PHONE_INVALID)
    return text


def contact(value: object) -> tuple[str | None, str | None]:
    """(e-mail, phone) from one answer giving either or both ("anna@exempel.se", "tel 070-123 45 67",
    "070-123 45 67 eller anna@exempel.se"); the words around them are dropped. InvalidInput("contact")
    when the answer gives neither."""
    text = _clean("contact", value, min_len=6, max_len=300)
    found = _EMAIL_IN_TEXT.search(text)
    rest = text[: found.start()] + " " + text[found.end():] if found else text
    digits = " ".join(_NOT_PHONE.sub(" ", rest).split()).strip(" -")
    if not found and not any(ch.isdigit() for ch in digits):
        raise InvalidInput("contact", messages.CONTACT_INVALID)
    mail = email(found.group().rstrip(".")) if found else None
    number = phone(digits) if any(ch.isdigit() for ch in digits) else None
    return mail, number


def document(value: object) -> str:
    """One document asked for in a request for public documents."""
    return _clean("documents", value, min_len=3, max_len=200)
