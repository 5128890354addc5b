"""Personnummer, samordningsnummer and diarienummer: validation and normalisation.

Personnummer and samordningsnummer are checked with the maintained `personnummer` package (Luhn check
digit, real birth date, day + 60 for samordningsnummer, '+' for people aged 100 or more).
"""
from __future__ import annotations

import datetime as dt
import re

from personnummer import personnummer as _pnr

from . import messages
from .errors import InvalidInput

_PNR_SHAPE = re.compile(r"^(\d{6}|\d{8})[-+]?\d{4}$")
_DIARIENUMMER_CHARS = re.compile(r"^[0-9A-Za-zÅÄÖåäöÉé .,/:\-_]+$")
DIARIENUMMER_MAX = 40


def normalise_personnummer(value: str, today: dt.date | None = None) -> str:
    """`value` as YYYYMMDD-XXXX, or InvalidInput.

    Accepts 10 or 12 digits, with or without '-' or '+', and spaces. With `today`, a birth date after
    today is refused.
    """
    text = re.sub(r"\s+", "", str(value or ""))
    if not text:
        raise InvalidInput("personnummer", messages.PERSONNUMMER_EMPTY)
    if not _PNR_SHAPE.match(text):
        raise InvalidInput("personnummer", messages.PERSONNUMMER_FORMAT)
    if today is not None:
        text = _with_century(text, today)
    try:
        parsed = _pnr.parse(text)
    except _pnr.PersonnummerException:
        raise InvalidInput("personnummer", messages.PERSONNUMMER_INVALID) from None
    if today is not None and parsed.get_date() > today:
        raise InvalidInput("personnummer", messages.PERSONNUMMER_INVALID)
    return f"{parsed.full_year}{parsed.month}{parsed.day}-{parsed.num}{parsed.check}"


def _with_century(text: str, today: dt.date) -> str:
    """A 10-digit number written with its century as seen from `today`.

    The `personnummer` package infers the century from the machine clock; here `today` decides:
    '-' (or none) means the person turns at most 99 in today's year, '+' means 100 or more.
    """
    if len(re.sub(r"\D", "", text)) != 10:
        return text
    two_digit_year = int(text[:2])
    reference = today.year - (100 if "+" in text else 0)
    year = reference - (reference - two_digit_year) % 100
    return f"{year}{text[2:6]}{text[-4:]}"


def is_samordningsnummer(normalised: str) -> bool:
    return int(normalised[6:8]) > 60


def normalise_diarienummer(value: str) -> str:
    """`value` trimmed, inner whitespace collapsed, and checked to look like a case reference.

    Agency formats differ ("FK 2026/012345", "2.3.4-2026-5566", "MIG-2026-1234"); what they share is
    a handful of characters with at least two digits and no free prose.
    """
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if not text:
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_EMPTY)
    if len(text) > DIARIENUMMER_MAX:
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_TOO_LONG.format(max=DIARIENUMMER_MAX))
    digits = sum(ch.isdigit() for ch in text)
    words = [w for w in re.split(r"[ ./:\-_,]+", text) if w.isalpha()]
    if (
        len(text) < 3
        or digits < 2
        or not _DIARIENUMMER_CHARS.match(text)
        or len(words) > 2
        or any(len(w) > 12 for w in words)
    ):
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_INVALID.format(value=text))
    return text
