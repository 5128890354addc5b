"""Swedish day kinds for counting statutory time (lag 1930:173 2 §).

A period that would end on a Saturday, Sunday, allmän helgdag, midsommarafton, julafton or nyårsafton
ends on the next day that is none of these. The holidays come from the maintained `holidays` package
(Sweden): its public holidays are the allmänna helgdagar of lag 1989:253; the three eves are taken
from its `de_facto` category where the installed release has one, otherwise from `optional` (Rasa 3.6
pins python-dateutil < 2.9, which caps `holidays` at a release from before `de_facto` existed for
Sweden). Only the three eves the statute names are kept from that second category.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from .messages import WEEKDAY_NAMES

STATUTORY_EVES = ("midsommarafton", "julafton", "nyårsafton")
_SUNDAY = "söndag"


def _eve_category() -> str:
    return "de_facto" if "de_facto" in holidays.Sweden.supported_categories else "optional"


def _names(joined: str) -> list[str]:
    """The package joins several names on one day with '; '; every Sunday is listed as 'Söndag'."""
    return [n.strip() for n in joined.split(";") if n.strip().lower() != _SUNDAY]


@lru_cache(maxsize=256)
def _year_calendar(year: int) -> dict[dt.date, str]:
    named: dict[dt.date, str] = {}
    public = holidays.country_holidays("SE", years=year, categories=("public",), language="sv")
    for day, joined in public.items():
        names = _names(joined)
        if names:
            named[day] = names[0]
    eves = holidays.country_holidays("SE", years=year, categories=(_eve_category(),), language="sv")
    for day, joined in eves.items():
        for name in _names(joined):
            if name.lower() in STATUTORY_EVES:
                named.setdefault(day, name)
    return named


def holiday_name(day: dt.date) -> str | None:
    """The Swedish name of the allmän helgdag or statutory eve on `day`, or None.

    >>> holiday_name(dt.date(2026, 6, 19))
    'Midsommarafton'
    >>> holiday_name(dt.date(2026, 6, 22)) is None
    True
    """
    return _year_calendar(day.year).get(day)


def non_working_reason(day: dt.date) -> str | None:
    """Why `day` cannot be the last day of a period under 1930:173 2 §, or None for a workday.

    >>> non_working_reason(dt.date(2026, 3, 14))
    'lördag'
    >>> non_working_reason(dt.date(2026, 12, 24))
    'Julafton'
    >>> non_working_reason(dt.date(2026, 3, 16)) is None
    True
    """
    return holiday_name(day) or (WEEKDAY_NAMES[day.weekday()] if day.weekday() >= 5 else None)


def is_workday(day: dt.date) -> bool:
    """
    >>> is_workday(dt.date(2026, 5, 25))  # annandag pingst has been a workday since 2005
    True
    """
    return non_working_reason(day) is None


def next_workday(day: dt.date) -> dt.date:
    """`day` itself if it is a workday, otherwise the first following workday.

    >>> next_workday(dt.date(2026, 6, 19))  # midsommarafton, a Friday
    datetime.date(2026, 6, 22)
    """
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day
