"""Personnummer, samordningsnummer and diarienummer: validation, normalisation, and finding them in text.

Personnummer and samordningsnummer are checked with the maintained `personnummer` package (Luhn check
digit, real birth date, day + 60 for samordningsnummer, '+' for people aged 100 or more).

People type the number in many ways: "19121212-1212", "121212+1212", "1912 12 12 1212", with a slash,
an underscore, a dot, a typographic dash (U+2010, U+2212, em dash), full-width digits or a zero-width
space inside. `compact` reduces every such spelling to its digits (and '+'), and `personnummer_spans` finds
every spelling in free text. Both are the one definition of "a personnummer as typed": the chat's
sealing, the validation of the form field and the API's redaction of error messages all use them.

>>> compact("19121212/1212")
'191212121212'
>>> compact("121212\u2212 1212")
'1212121212'
>>> compact("121212+1212")
'121212+1212'
>>> redact_personnummer("Mitt nr är 1912-12-12-1212, tack", "[pnr]")
'Mitt nr är [pnr], tack'
>>> redact_personnummer("Ring 0771-123 456 eller ange FK 2026/012345", "[pnr]")
'Ring 0771-123 456 eller ange FK 2026/012345'
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Callable

from personnummer import personnummer as _pnr

from . import messages
from .errors import InvalidInput

_PNR_SHAPE = re.compile(r"^(\d{6}|\d{8})\+?\d{4}$")
_DIARIENUMMER_CHARS = re.compile(r"^[0-9A-Za-zÅÄÖåäöÉé .,/:\-_]+$")
DIARIENUMMER_MAX = 40

# Characters that may stand between the digits of a typed personnummer. Besides these, every Unicode
# space, dash (category Pd), format character (Cf: zero-width space and joiners, soft hyphen, BOM) and
# U+2212 MINUS SIGN counts; see `_is_separator`.
_SEPARATOR_CHARS = set("-+/_.,:;'\"`´·•|\\~*#()[]")
# Between two digit groups: at most three separators that are not spaces ("19811218 - 9876"), and
# not more than eight characters in all.
_MAX_MARKS, _MAX_GAP = 3, 8
_PNR_DIGITS = (10, 12)


def _digit(char: str) -> str | None:
    """The ASCII digit `char` stands for (any script's decimal digit, full-width, superscript), or None."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1 and folded.isdecimal():
        return str(unicodedata.decimal(folded))
    return None


def _is_separator(char: str) -> bool:
    folded = unicodedata.normalize("NFKC", char)
    if folded == "" or folded.isspace():
        return True
    category = unicodedata.category(char)
    return (
        char in _SEPARATOR_CHARS
        or folded in _SEPARATOR_CHARS
        or category in ("Pd", "Cf", "Zs", "Zl", "Zp", "Cc")
        or char == "\u2212"
    )


def compact(value: str) -> str:
    """The digits of a typed personnummer, with '+' kept (it marks a person aged 100 or more).

    Every separator `personnummer_spans` allows is dropped, and so is a '+' anywhere but before the
    last four digits; any other character is kept so that the shape check refuses it.
    """
    kept = []
    for char in str(value or ""):
        digit = _digit(char)
        if digit is not None:
            kept.append(digit)
        elif unicodedata.normalize("NFKC", char) == "+":
            kept.append("+")
        elif not _is_separator(char):
            kept.append(char)
    text = "".join(kept)
    if "+" in text and not re.fullmatch(r"[^+]*\+\d{4}", text):
        text = text.replace("+", "")
    return text


def _plausible_birth_date(digits: str) -> bool:
    """The date part of a 10- or 12-digit number could be a birth date (or one plus 60, a
    samordningsnummer): month 1-12, day 1-31 or 61-91."""
    date = digits[-10:-4]
    month, day = int(date[2:4]), int(date[4:6])
    if len(digits) == 12 and digits[:2] not in ("18", "19", "20"):
        return False
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def _is_valid_number(digits: str) -> bool:
    try:
        return _pnr.valid(digits)
    except Exception:  # the package raises on some impossible dates instead of returning False
        return False


def _looks_like_personnummer(groups: list[str]) -> bool:
    """Digit groups typed together are a personnummer: 10 or 12 digits that either are a valid
    number however they are grouped, or are grouped like one (the last four apart, or not split at
    all) with a plausible birth date, so that a mistyped check digit is caught too."""
    digits = "".join(groups)
    if len(digits) not in _PNR_DIGITS:
        return False
    if _is_valid_number(digits):
        return True
    last_four_apart = len(groups) == 1 or sum(len(g) for g in groups[:-1]) == len(digits) - 4 or (
        len(groups[-1]) < 4 and _ends_with_four(groups)
    )
    return last_four_apart and _plausible_birth_date(digits)


def _ends_with_four(groups: list[str]) -> bool:
    """The groups split so that a group boundary falls four digits before the end ("81 12 18-98 76")."""
    total = 0
    for group in reversed(groups):
        total += len(group)
        if total == 4:
            return True
        if total > 4:
            return False
    return False


def personnummer_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every personnummer or samordningsnummer typed in `text`, in order.

    Digits may be grouped and separated by up to three separator characters (spaces, dashes of any
    kind, '/', '_', '.', '+', zero-width characters...). Each run of such groups is searched for the
    first and longest sub-run that `_looks_like_personnummer`.

    >>> personnummer_spans("Mitt nr är 811218-9876 och dnr FK 2026/012345")
    [(11, 22)]
    """
    runs: list[list[tuple[int, int]]] = []  # each run: the groups' (start, end) in text
    run: list[tuple[int, int]] = []
    index, length = 0, len(text)
    while index < length:
        if _digit(text[index]) is None:
            index += 1
            continue
        start = index
        while index < length and _digit(text[index]) is not None:
            index += 1
        if run and _is_gap(text[run[-1][1]:start]):
            run.append((start, index))
        else:
            if run:
                runs.append(run)
            run = [(start, index)]
    if run:
        runs.append(run)

    spans = []
    for groups in runs:
        values = ["".join(_digit(ch) for ch in text[a:b]) for a, b in groups]
        first = 0
        while first < len(groups):
            found = None
            total = 0
            for last in range(first, len(groups)):
                total += len(values[last])
                if total > max(_PNR_DIGITS):
                    break
                if _looks_like_personnummer(values[first:last + 1]):
                    found = last
            if found is None:
                first += 1
                continue
            spans.append((groups[first][0], groups[found][1]))
            first = found + 1
    return spans


def _is_gap(between: str) -> bool:
    marks = sum(not unicodedata.normalize("NFKC", ch).isspace() for ch in between)
    return 0 < len(between) <= _MAX_GAP and marks <= _MAX_MARKS and all(_is_separator(ch) for ch in between)


def redact_personnummer(text: str, replacement: str | Callable[[str], str]) -> str:
    """`text` with every personnummer in it replaced by `replacement` (a string, or a function of the
    number as typed)."""
    spans = personnummer_spans(text)
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        typed = text[start:end]
        pieces.append(text[position:start])
        pieces.append(replacement(typed) if callable(replacement) else replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def normalise_personnummer(value: str, today: dt.date | None = None) -> str:
    """`value` as YYYYMMDD-XXXX, or InvalidInput.

    Accepts 10 or 12 digits, with or without '+', and any separators `compact` drops. With `today`,
    a birth date after today is refused.

    >>> normalise_personnummer("19121212/1212")
    '19121212-1212'
    >>> normalise_personnummer("701063–2391", dt.date(2026, 12, 1))
    '19701063-2391'
    >>> normalise_personnummer("811218-9875")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    hiring_rules.errors.InvalidInput: Personnumret stämmer inte: ... kontrollsiffran ... är fel. ...
    """
    text = compact(value)
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
    """Whether a normalised number is a samordningsnummer (its day of birth plus 60).

    >>> is_samordningsnummer("19701063-2391")
    True
    >>> is_samordningsnummer("19811218-9876")
    False
    """
    return int(normalised[6:8]) > 60


def normalise_diarienummer(value: str) -> str:
    """`value` trimmed, inner whitespace collapsed, and checked to look like a case reference.

    Agency formats differ ("FK 2026/012345", "2.3.4-2026-5566", "MIG-2026-1234"); what they share is
    a handful of characters with a run of at least three digits (a year, a serial number) and no free
    prose. So a duration or a date typed where the form asks for the diarienummer is refused.

    >>> normalise_diarienummer("  FK   2026/012345 ")
    'FK 2026/012345'
    >>> normalise_diarienummer("vet inte")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    hiring_rules.errors.InvalidInput: "vet inte" ser inte ut som ett diarienummer. ...
    >>> normalise_diarienummer("16 mån")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    hiring_rules.errors.InvalidInput: "16 mån" ser inte ut som ett diarienummer. ...
    """
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if not text:
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_EMPTY)
    if len(text) > DIARIENUMMER_MAX:
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_TOO_LONG.format(max=DIARIENUMMER_MAX))
    words = [w for w in re.split(r"[ ./:\-_,]+", text) if w.isalpha()]
    if (
        len(text) < 3
        or not re.search(r"\d{3}", text)
        or not _DIARIENUMMER_CHARS.match(text)
        or len(words) > 2
        or any(len(w) > 12 for w in words)
    ):
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_INVALID.format(value=text))
    return text
