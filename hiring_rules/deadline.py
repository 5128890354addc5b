"""The last day an appeal of a state hiring decision may arrive.

Three weeks from the day the decision was posted on the notice board (förvaltningslagen 44 §), moved
to the next workday when it falls on a Saturday, Sunday, holiday, midsommarafton, julafton or
nyårsafton (lag 1930:173 2 §).

The urgency of a deadline (passed, today, soon, ok) is decided here too, so the chat, the letter and the
HTTP API warn alike.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from . import messages
from .calendar_sv import next_workday, non_working_reason
from .errors import InvalidInput
from .swedish_format import long_date, plain_date

APPEAL_PERIOD = dt.timedelta(weeks=3)
SOON_DAYS = 3  # fewer days left than this: the post may not make it in time


class Urgency(str, enum.Enum):
    PASSED = "passed"
    TODAY = "today"
    SOON = "soon"  # fewer than SOON_DAYS days left
    OK = "ok"


def check_posted_on(posted_on: dt.date, today: dt.date, field: str = "posted_on") -> dt.date:
    """`posted_on`, or InvalidInput (with `field`) when it lies after today: a decision cannot have
    been posted in the future.

    >>> check_posted_on(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    datetime.date(2026, 12, 1)
    >>> check_posted_on(dt.date(2026, 12, 2), dt.date(2026, 12, 1), "decision_posted_on")
    Traceback (most recent call last):
    hiring_rules.errors.InvalidInput: Datumet 2 december 2026 ligger i framtiden. Ange en dag som redan har varit.
    """
    if posted_on > today:
        raise InvalidInput(field, messages.DATE_IN_FUTURE.format(date=plain_date(posted_on)))
    return posted_on


@dataclass(frozen=True)
class Deadline:
    posted_on: dt.date
    last_day: dt.date  # the last day the appeal may arrive
    nominal_last_day: dt.date  # posting day + 21 days, before any shift
    shifted: bool
    shifted_because: str | None  # the weekday or holiday name of the nominal day when shifted
    reason: str | None  # Swedish: why the last day was moved; None when it was not
    explanation: str  # Swedish: the whole computation in one or two sentences
    days_left: int  # calendar days from today to the last day; negative once passed
    passed: bool
    planned: bool = False  # the posting day still lies ahead: the deadline of a posting to come

    @property
    def urgency(self) -> Urgency:
        if self.passed:
            return Urgency.PASSED
        if self.days_left == 0:
            return Urgency.TODAY
        return Urgency.SOON if self.days_left < SOON_DAYS else Urgency.OK


def appeal_deadline(
    posted_on: dt.date, today: dt.date, field: str = "posted_on", *, planned: bool = False
) -> Deadline:
    """The deadline of a decision posted on `posted_on`; InvalidInput (with `field`) for a posting day
    after today, unless the posting is `planned`: the HR staff's posting to come, or the day an
    applicant was told the decision will be posted, has its last day counted the same way.

    >>> deadline = appeal_deadline(dt.date(2026, 5, 29), dt.date(2026, 6, 1))
    >>> deadline.last_day, deadline.shifted_because, deadline.days_left
    (datetime.date(2026, 6, 22), 'Midsommarafton', 21)
    >>> deadline = appeal_deadline(dt.date(2026, 12, 4), dt.date(2026, 12, 3), planned=True)
    >>> deadline.last_day, deadline.shifted_because, deadline.planned
    (datetime.date(2026, 12, 28), 'Juldagen', True)
    """
    if not planned:
        check_posted_on(posted_on, today, field)
    nominal = posted_on + APPEAL_PERIOD
    last_day = next_workday(nominal)
    shifted_because = non_working_reason(nominal)
    shifted = last_day != nominal
    if shifted:
        reason = messages.DEADLINE_SHIFT_REASON.format(
            nominal=long_date(nominal), nominal_name=shifted_because.lower(), deadline=long_date(last_day)
        )
        explanation = messages.DEADLINE_SHIFTED.format(posted_on=long_date(posted_on), shift_reason=reason)
    else:
        reason = None
        explanation = messages.DEADLINE_NOT_SHIFTED.format(
            posted_on=long_date(posted_on), deadline=long_date(last_day)
        )
    days_left = (last_day - today).days
    return Deadline(
        posted_on=posted_on,
        last_day=last_day,
        nominal_last_day=nominal,
        shifted=shifted,
        shifted_because=shifted_because if shifted else None,
        reason=reason,
        explanation=explanation,
        days_left=days_left,
        passed=days_left < 0,
        planned=posted_on > today,
    )

