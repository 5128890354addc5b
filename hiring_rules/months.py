"""Periods counted in months (lag 1930:173 1 §): the end day has the same number as the start day;
where the end month has no such day, the period ends on that month's last day."""
from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """
    >>> add_months(dt.date(2026, 1, 15), 9)
    datetime.date(2026, 10, 15)
    >>> add_months(dt.date(2026, 5, 31), 9)  # no 31 February: its last day
    datetime.date(2027, 2, 28)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
