"""Periods counted in months (lag 1930:173 1 §): the end day has the same number as the start day;
where the end month has no such day, the period ends on that month's last day."""
from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
