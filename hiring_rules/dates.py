"""Swedish date phrases as people write them, relative to `today`.

`dateparser` does the general parsing ("igår", "för två veckor sedan", "3 mars", "10/11/2025").
This module adds what it lacks for Swedish: "i förrgår", "i måndags", "förra fredagen", spellings
without å/ä/ö, "2026/11/10" read year first, "10.11" read as a date (dateparser takes it for a
time), and a clear error for dates that do not exist ("den 45 november", which dateparser would
read as the year 1945) or lie in the future.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

import dateparser

from . import messages
from .errors import InvalidInput

_WEEKDAYS = {
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lördag": 5, "söndag": 6,
}
_MONTHS = {name: i + 1 for i, name in enumerate(messages.MONTH_NAMES)}
_MONTH_PREFIXES = {name[:3]: number for name, number in _MONTHS.items()}

# Spellings without å/ä/ö, mapped back before parsing (word-bounded, longest first).
_ASCII_SPELLINGS = {
    "forrgar": "förrgår", "igar": "igår", "i gar": "igår",
    "mandag": "måndag", "mandags": "måndags", "lordag": "lördag", "lordags": "lördags",
    "sondag": "söndag", "sondags": "söndags",
    "forra": "förra", "for": "för", "tva": "två", "manad": "månad", "manader": "månader",
    "ar": "år", "sedan": "sedan", "sen": "sedan",
}
_NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10,
}

_RELATIVE_DAYS = {"idag": 0, "i dag": 0, "igår": 1, "i går": 1, "förrgår": 2, "i förrgår": 2}
_PAST_WEEKDAY = re.compile(
    r"^(?:i (?P<i>\w+?)s|förra (?P<f>\w+?)(?:en)?|(?:i )?(?P<bare>\w+?) förra veckan)$"
)
_DAY_MONTH = re.compile(r"^(?:den )?(?P<day>\d{1,2}) (?P<month>[a-zåäö]+)\.?(?: (?P<year>\d{4}))?$")
_NUMERIC_DMY = re.compile(r"^(?:den )?(?P<day>\d{1,2})[/.](?P<month>\d{1,2})(?:[/.](?P<year>\d{2,4}))?\.?$")
_ISO = re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})$")
# "sista oktober", "den sista maj 2026", "sista dagen i mars": the month's last day.
_LAST_OF_MONTH = re.compile(r"^(?:den )?sista (?:dagen i )?(?P<month>[a-zåäö]+)\.?(?: (?P<year>\d{4}))?$")


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower()).strip(" !?,.")
    text = re.sub(r"(\d{1,2})(?::?e|:a)\b", r"\1", text)  # "5:e", "5e", "1:a" -> 5, 1
    for ascii_form in sorted(_ASCII_SPELLINGS, key=len, reverse=True):
        text = re.sub(rf"\b{ascii_form}\b", _ASCII_SPELLINGS[ascii_form], text)
    return text


def _month_number(word: str) -> int | None:
    return _MONTHS.get(word) or _MONTH_PREFIXES.get(word[:3]) if len(word) >= 3 else None


def _check_exists(original: str, year: int | None, month: int, day: int) -> None:
    """InvalidInput when day/month cannot exist (in any year when `year` is None)."""
    if not 1 <= month <= 12 or day < 1:  # "maj har inte 0 dagar" would make no sense
        raise InvalidInput("date", messages.DATE_IMPOSSIBLE_GENERIC.format(value=original))
    last = calendar.monthrange(year if year else 2024, month)[1]  # 2024: leap year, 29 Feb exists
    if day > last:
        raise InvalidInput(
            "date",
            messages.DATE_IMPOSSIBLE.format(value=original, month=messages.MONTH_NAMES[month - 1], day=day),
        )


def _explicit_calendar_date(text: str, original: str) -> None:
    """Raise for explicit day/month combinations that do not exist; dateparser handles the rest."""
    for pattern in (_DAY_MONTH, _NUMERIC_DMY, _ISO):
        match = pattern.match(text)
        if not match:
            continue
        month_raw = match.group("month")
        month = int(month_raw) if month_raw.isdigit() else _month_number(month_raw)
        if month is None:
            return
        year_raw = match.group("year")
        year = int(year_raw) if year_raw and len(year_raw) == 4 else None
        _check_exists(original, year, month, int(match.group("day")))
        return


def _past_weekday(text: str, today: dt.date) -> dt.date | None:
    """'i måndags', 'förra fredagen': the most recent such weekday before today."""
    match = _PAST_WEEKDAY.match(text)
    if not match:
        return None
    word = match.group("i") or match.group("f") or match.group("bare")
    weekday = _WEEKDAYS.get(word)
    if weekday is None:
        return None
    back = (today.weekday() - weekday) % 7 or 7
    return today - dt.timedelta(days=back)


def _recent_day_month(text: str, today: dt.date) -> dt.date | None:
    """'10/11', 'den 10.11': the most recent such day on or before today.

    Done here because dateparser reads a dotted "10.11" as the time 10:11 and returns today.
    """
    match = _NUMERIC_DMY.match(text)
    if not match or match.group("year"):
        return None
    day, month = int(match.group("day")), int(match.group("month"))
    for year in range(today.year, today.year - 9, -1):  # 29 February: leap years can be 8 years apart
        if day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) <= today:
            return dt.date(year, month, day)
    return None


def _last_of_month(text: str, today: dt.date) -> dt.date | None:
    """'sista oktober': the last day of that month in the year given, else the most recent on or
    before today (as dateparser reads "14 oktober").

    >>> _last_of_month("sista februari", dt.date(2026, 12, 2))
    datetime.date(2026, 2, 28)
    >>> _last_of_month("sista dagen i december", dt.date(2026, 12, 2))
    datetime.date(2025, 12, 31)
    """
    match = _LAST_OF_MONTH.match(text)
    month = _month_number(match.group("month")) if match else None
    if month is None:
        return None
    if match.group("year"):
        year = int(match.group("year"))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    for year in (today.year, today.year - 1):
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if last <= today:
            return last
    return None


def _number_words_to_digits(text: str) -> str:
    return re.sub(
        r"\b(" + "|".join(_NUMBER_WORDS) + r")\b(?= (?:dag|dagar|vecka|veckor|månad|månader|år)\b)",
        lambda m: str(_NUMBER_WORDS[m.group(1)]),
        text,
    )


def parse_swedish_date(
    text: str, today: dt.date, *, field: str = "date", allow_future: bool = False
) -> dt.date:
    """The date `text` means, seen from `today`; InvalidInput (with `field`) when it cannot be read,
    does not exist, or lies after today when `allow_future` is False.

    >>> parse_swedish_date("14 oktober", dt.date(2026, 12, 1))
    datetime.date(2026, 10, 14)
    >>> parse_swedish_date("igår", dt.date(2026, 12, 1))
    datetime.date(2026, 11, 30)
    >>> parse_swedish_date("31 april", dt.date(2026, 12, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    hiring_rules.errors.InvalidInput: ...
    """
    original = str(text or "").strip()
    if not original:
        raise InvalidInput(field, messages.DATE_EMPTY)
    normalised = _normalise(original)
    try:
        _explicit_calendar_date(normalised, original)
    except InvalidInput as exc:
        raise InvalidInput(field, exc.message) from None

    iso = _ISO.match(normalised)
    if iso:  # dateparser reads "2026-11-10" day-first under DATE_ORDER=DMY
        result = dt.date(int(iso["year"]), int(iso["month"]), int(iso["day"]))
    elif normalised in _RELATIVE_DAYS:
        result = today - dt.timedelta(days=_RELATIVE_DAYS[normalised])
    else:
        result = (
            _past_weekday(normalised, today) or _recent_day_month(normalised, today)
            or _last_of_month(normalised, today)
        )
    if result is None:
        parsed = dateparser.parse(
            _number_words_to_digits(normalised),
            languages=["sv"],
            settings={
                "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
                "PREFER_DATES_FROM": "past",
                "DATE_ORDER": "DMY",
            },
        )
        if parsed is None:
            raise InvalidInput(field, messages.DATE_UNREADABLE.format(value=original))
        result = parsed.date()

    if result.year < 1900:
        raise InvalidInput(field, messages.DATE_TOO_OLD.format(date=result.isoformat()))
    if not allow_future and result > today:
        raise InvalidInput(field, messages.DATE_IN_FUTURE.format(date=result.isoformat()))
    return result


_WEEKDAY_STEM = r"(?:mån|tis|ons|tors|fre|lör|sön)"
_MONTH_WORD = r"(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)[a-zåäö]*\.?"
_COUNT_WORD = r"(?:\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
# Date phrases as they stand inside a sentence; each is read by `parse_swedish_date`.
_DATE_PHRASE = re.compile(
    r"(?<![\w./-])(?:"
    r"\d{4}-\d{1,2}-\d{1,2}"
    r"|(?:den )?\d{1,2}(?::?e|:a)? " + _MONTH_WORD + r"(?: \d{4})?"
    r"|(?:den )?\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?"
    r"|(?:den )?sista (?:dagen i )?" + _MONTH_WORD + r"(?: \d{4})?"
    r"|i dag|idag|i går|igår|i förrgår|förrgår"
    r"|i " + _WEEKDAY_STEM + r"dags"
    r"|förra " + _WEEKDAY_STEM + r"dagen"
    r"|" + _WEEKDAY_STEM + r"dag(?:en)? förra veckan"
    r"|för " + _COUNT_WORD + r" (?:dag|dagar|vecka|veckor|månad|månader) sedan"
    r")(?![\w/-]|\.\d)"
)


def dates_in_text(text: str, today: dt.date, *, allow_future: bool = False) -> list[dt.date]:
    """Every past (or today's) date a sentence names, in order; phrases that are not real dates are
    skipped. The phrases are those `parse_swedish_date` reads, found inside any text.

    >>> dates_in_text("Anslaget kom upp 14 oktober, när är sista dagen?", dt.date(2026, 12, 1))
    [datetime.date(2026, 10, 14)]
    >>> dates_in_text("beslutet sattes upp i fredags", dt.date(2026, 12, 1))
    [datetime.date(2026, 11, 27)]
    >>> dates_in_text("dnr 2.3.4-2026-5566, den 45 november", dt.date(2026, 12, 1))
    []
    """
    return [day for _, day in _named_dates(text, today, allow_future)]


def _named_dates(text: str, today: dt.date, allow_future: bool):
    """(phrase, date) for every date phrase of `text` that `parse_swedish_date` reads as a real date."""
    for match in _DATE_PHRASE.finditer(_normalise(text)):
        try:
            yield match.group(0), parse_swedish_date(match.group(0), today, allow_future=allow_future)
        except InvalidInput:
            continue


def _without_year(phrase: str) -> bool:
    """A day and month written without a year ("4 december", "den 4 dec", "4/12")."""
    match = _DAY_MONTH.match(phrase) or _NUMERIC_DMY.match(phrase)
    return bool(match) and not match.group("year")


# A day and month without a year read ahead is one of the coming half year: "när anslås beslutet?
# intervjun var 14 november" does not speak of next year's 14 November.
_AHEAD_WITHOUT_YEAR = dt.timedelta(days=183)


def _next_such_day(day: dt.date, today: dt.date) -> dt.date | None:
    """The first day after today with the day and month of `day`, if it comes within half a year."""
    for year in (today.year, today.year + 1):
        try:
            candidate = day.replace(year=year)
        except ValueError:  # 29 February
            continue
        if candidate > today:
            return candidate if candidate - today <= _AHEAD_WITHOUT_YEAR else None
    return None


def dates_ahead_in_text(text: str, today: dt.date) -> list[dt.date]:
    """Every date after today a sentence names, in order: one written with its year, and a day and
    month without one as the next such day of the coming half year ("beslutet anslås 4 december").
    Read only where the words speak of something to come; `dates_in_text` reads the same phrases into
    the past.

    >>> dates_ahead_in_text("om vi anslår beslutet 4 december", dt.date(2026, 12, 3))
    [datetime.date(2026, 12, 4)]
    >>> dates_ahead_in_text("anslås den 14 december 2026, i fredags", dt.date(2026, 12, 3))
    [datetime.date(2026, 12, 14)]
    >>> dates_ahead_in_text("anslås 2 december", dt.date(2026, 12, 3))  # a year ahead: no day to come
    []
    """
    found = []
    for phrase, day in _named_dates(text, today, allow_future=True):
        if day < today and _without_year(phrase):
            day = _next_such_day(day, today)
        if day is not None and day > today:
            found.append(day)
    return found


# Where an employment began: "sedan 2019", "från mars 2024", "från 3 mars 2025" (a year is needed), or
# the first of two days joined as a period ("1 mars till 15 oktober 2026").
_PERIOD_START = re.compile(
    r"\b(?:sedan|från|fran)\s+(?:(?P<day>\d{1,2})\s+)?(?:(?P<month>" + _MONTH_WORD + r")\s+)?"
    r"(?P<year>(?:19|20)\d{2})\b"
    r"|(?P<first>\d{1,2} " + _MONTH_WORD + r"(?: \d{4})?)\s*(?:till|–|-)\s*(?:den )?\d{1,2} " + _MONTH_WORD
)


def period_start_in_text(text: str, today: dt.date) -> dt.date | None:
    """The first day of the employment period a sentence names; None when it names none, or a day that
    does not exist or lies ahead. A year alone is its 1 January, a month its first day.

    >>> period_start_in_text("tillsvidare sen 2019, uppsagd pga arbetsbrist", dt.date(2026, 12, 3))
    datetime.date(2019, 1, 1)
    >>> period_start_in_text("jobbat där fran mars 2024", dt.date(2026, 12, 3))
    datetime.date(2024, 3, 1)
    >>> period_start_in_text("säsong 1 mars till 15 oktober 2026", dt.date(2026, 12, 3))
    datetime.date(2026, 3, 1)
    >>> period_start_in_text("slutade 15 sept, sedan dess arbetslös", dt.date(2026, 12, 3)) is None
    True
    """
    match = _PERIOD_START.search(_normalise(text))
    if match is None:
        return None
    try:
        if match["first"]:
            return parse_swedish_date(match["first"], today)
        month = _month_number(match["month"].rstrip(".")) if match["month"] else 1
        started = dt.date(int(match["year"]), month or 1, int(match["day"]) if match["day"] and month else 1)
    except (InvalidInput, ValueError):
        return None
    return started if started <= today else None


def date_in_answer(text: str, today: dt.date, *, field: str = "date", allow_future: bool = False) -> dt.date:
    """The date an answer gives: the whole answer read as a date ("i fredags"), else the one date
    phrase in it ("sista dagen var 31 augusti 2026"). InvalidInput as `parse_swedish_date` raises it
    when there is no such phrase, or more than one.

    >>> date_in_answer("ok, den anslogs 2026-09-14", dt.date(2026, 12, 1))
    datetime.date(2026, 9, 14)
    """
    try:
        return parse_swedish_date(text, today, field=field, allow_future=allow_future)
    except InvalidInput:
        found = dates_in_text(str(text or ""), today, allow_future=allow_future)
        if len(found) == 1:
            return found[0]
        raise
