"""Dates and names written the Swedish way for people to read: "fredag 19 juni 2026", "Försäkringskassans"."""
from __future__ import annotations

import datetime as dt

from .messages import MONTH_NAMES, WEEKDAY_NAMES


def long_date(day: dt.date) -> str:
    """
    >>> long_date(dt.date(2026, 6, 19))
    'fredag 19 juni 2026'
    """
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def plain_date(day: dt.date) -> str:
    """
    >>> plain_date(dt.date(2026, 6, 19))
    '19 juni 2026'
    """
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def genitive(name: str) -> str:
    """Swedish genitive: "Försäkringskassans"; a name ending in s, x or z takes no extra s.

    >>> genitive("Försäkringskassan"), genitive("Karlstads kommun"), genitive("Migrationsverkets")
    ('Försäkringskassans', 'Karlstads kommuns', 'Migrationsverkets')
    """
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"
