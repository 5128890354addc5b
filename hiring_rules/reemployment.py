"""Företrädesrätt till återanställning (LAS 25–27 §§): does a former employee have it, and until when.

The verdict always lists the reasons it rests on, in Swedish, so a user can check it against their own
situation; it is guidance, not legal advice.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from . import messages
from .agencies import Agency
from .errors import InvalidInput
from .months import add_months
from .swedish_format import plain_date

PRIORITY_PERIOD_MONTHS = 9  # after the employment ended (LAS 25 § third paragraph)
MAX_MONTHS = 600
# The longest window the time requirement looks back on (three years), and a month's average length.
WINDOW_MONTHS = 36
DAYS_PER_MONTH = 365.25 / 12


class TerminationReason(str, Enum):
    ARBETSBRIST = "arbetsbrist"
    EGEN_UPPSAGNING = "egen_uppsagning"
    PERSONLIGA_SKAL = "personliga_skal"
    ANNAT = "annat"


class EmploymentType(str, Enum):
    TILLSVIDARE = "tillsvidare"
    SAVA = "sava"
    VIKARIAT = "vikariat"
    SASONG = "sasong"
    ANNAN_VISSTID = "annan_visstid"


# Required employment time: strictly more than `months` within the window (LAS 25 § second paragraph).
_TIME_REQUIREMENT = {
    EmploymentType.TILLSVIDARE: (12, messages.WINDOW_THREE_YEARS),
    EmploymentType.VIKARIAT: (12, messages.WINDOW_THREE_YEARS),
    EmploymentType.SAVA: (9, messages.WINDOW_THREE_YEARS),
    EmploymentType.SASONG: (6, messages.WINDOW_TWO_YEARS),
}


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    valid_until: dt.date | None
    requires_registration: bool
    reasons: tuple[str, ...]


def parse_termination_reason(value: TerminationReason | str) -> TerminationReason:
    if isinstance(value, TerminationReason):  # str() of a str-Enum member is "Class.NAME", not its value
        return value
    try:
        return TerminationReason(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("termination_reason", messages.TERMINATION_REASON_INVALID) from None


def parse_employment_type(value: EmploymentType | str) -> EmploymentType:
    if isinstance(value, EmploymentType):
        return value
    try:
        return EmploymentType(str(value).strip().lower())
    except ValueError:
        raise InvalidInput("employment_type", messages.EMPLOYMENT_TYPE_INVALID) from None


def priority_valid_until(employment_ended_on: dt.date) -> dt.date:
    """The last day of företrädesrätt: nine months after the employment ended (LAS 25 §, counted as
    lag 1930:173 1 § says)."""
    return add_months(employment_ended_on, PRIORITY_PERIOD_MONTHS)


def _months_text(months: float) -> str:
    return f"{months:g}".replace(".", ",")


# The facts a verdict rests on, in the order a walk-through asks for them.
FACTS = ("termination_reason", "employment_type", "months_employed", "employment_ended_on", "registered")


def facts_needed(
    termination_reason: object = None, employment_type: object = None, months_employed: object = None
) -> tuple[str, ...]:
    """The facts the verdict needs, given the reason, the kind of employment and the months where they are
    known: only arbetsbrist gives företrädesrätt, another fixed-term employment never does, and neither
    does too short a time, so then nothing more is asked.

    >>> facts_needed()
    ('termination_reason', 'employment_type', 'months_employed', 'employment_ended_on', 'registered')
    >>> facts_needed("egen_uppsagning")
    ('termination_reason',)
    >>> facts_needed("arbetsbrist", "annan_visstid")
    ('termination_reason', 'employment_type')
    >>> facts_needed("arbetsbrist", "vikariat", 8.0)
    ('termination_reason', 'employment_type', 'months_employed')
    >>> len(facts_needed("arbetsbrist", "vikariat", 14.0))
    5
    """
    try:  # the same three early verdicts as assess_priority's
        if parse_termination_reason(termination_reason) is not TerminationReason.ARBETSBRIST:
            return FACTS[:1]
        kind = parse_employment_type(employment_type)
        if kind is EmploymentType.ANNAN_VISSTID:
            return FACTS[:2]
        if _valid_months(months_employed) and not _long_enough(kind, months_employed):
            return FACTS[:3]
    except InvalidInput:  # not known (yet): every fact may matter
        pass
    return FACTS


def months_of_period(started_on: dt.date, ended_on: dt.date) -> float | None:
    """The months of an employment from its first to its last day, counted within the three years the time
    requirement looks back on (one decimal); None when it ends before it begins.

    >>> months_of_period(dt.date(2019, 1, 1), dt.date(2026, 5, 31))
    36.0
    >>> months_of_period(dt.date(2026, 3, 1), dt.date(2026, 10, 15))
    7.5
    >>> months_of_period(dt.date(2026, 10, 15), dt.date(2026, 3, 1)) is None
    True
    """
    if ended_on < started_on:
        return None
    days = (ended_on - started_on).days + 1
    return round(min(days / DAYS_PER_MONTH, float(WINDOW_MONTHS)), 1)


def _valid_months(months_employed: object) -> bool:
    return (
        isinstance(months_employed, (int, float)) and not isinstance(months_employed, bool)
        and 0 <= months_employed <= MAX_MONTHS
    )


def _long_enough(kind: EmploymentType, months_employed: float) -> bool:
    required, _ = _TIME_REQUIREMENT[kind]
    return months_employed > required


def assess_priority(
    termination_reason: TerminationReason | str,
    employment_type: EmploymentType | str | None,
    months_employed: float | None,
    employment_ended_on: dt.date | None,
    today: dt.date,
    registered: bool = False,
    agency: Agency | None = None,
) -> Verdict:
    """The verdict; the employment type, the months and the end date may be None where
    `facts_needed` says the verdict does not depend on them."""
    reason = parse_termination_reason(termination_reason)
    reasons: list[str] = []
    if reason is not TerminationReason.ARBETSBRIST:
        reasons += [messages.REASON_NOT_ARBETSBRIST[reason.value], messages.REASON_GUIDANCE]
        return Verdict(False, None, False, tuple(reasons))
    kind = parse_employment_type(employment_type)
    if kind is EmploymentType.ANNAN_VISSTID:
        reasons += [messages.REASON_OTHER_FIXED_TERM, messages.REASON_GUIDANCE]
        return Verdict(False, None, False, tuple(reasons))
    if not _valid_months(months_employed):
        raise InvalidInput("months_employed", messages.MONTHS_INVALID)
    reasons.append(messages.REASON_ARBETSBRIST_OK)

    required, window = _TIME_REQUIREMENT[kind]
    long_enough = _long_enough(kind, months_employed)
    template = messages.REASON_TIME_OK if long_enough else messages.REASON_TIME_SHORT
    reasons.append(template.format(months=_months_text(months_employed), required=required, window=window))
    if kind is EmploymentType.SAVA and agency is not None and agency.reemployment.sava_wording:
        reasons.append(
            messages.REASON_SAVA_AGENCY_WORDING.format(
                name=agency.display_name, wording=agency.reemployment.sava_wording
            )
        )
    if not long_enough:
        reasons.append(messages.REASON_GUIDANCE)
        return Verdict(False, None, False, tuple(reasons))
    if employment_ended_on is None:
        raise InvalidInput("employment_ended_on", messages.DATE_EMPTY)

    valid_until = priority_valid_until(employment_ended_on)
    if today > valid_until:
        reasons += [messages.REASON_EXPIRED.format(valid_until=plain_date(valid_until)), messages.REASON_GUIDANCE]
        return Verdict(False, valid_until, False, tuple(reasons))

    reasons.append(messages.REASON_VALID_UNTIL.format(valid_until=plain_date(valid_until)))
    reasons.append(messages.REASON_QUALIFICATIONS)
    if registered:
        requires_registration = False
        reasons.append(messages.REASON_REGISTERED)
    elif agency is not None and agency.reemployment.registration_required is False:
        requires_registration = False
    else:
        requires_registration = True
        if agency is not None and agency.reemployment.registration_required:
            reasons.append(messages.REASON_REGISTER_REQUIRED.format(name=agency.display_name))
            if agency.reemployment.how_to_register:
                reasons.append(agency.reemployment.how_to_register)
        else:
            reasons.append(messages.REASON_REGISTER_MAYBE)
    reasons += [messages.REASON_DECLINE_WARNING, messages.REASON_GUIDANCE]
    return Verdict(True, valid_until, requires_registration, tuple(reasons))
