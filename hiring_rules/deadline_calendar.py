"""The last day of an appeal as an iCalendar file (RFC 5545): one all-day event with a reminder.

The day is `deadline.appeal_deadline`'s (Swedish holidays included); this module only writes it down.
The event's text says where the appeal goes, from the employer registry. The file is written here
rather than with a library because it is a dozen fixed lines; what RFC 5545 asks of them (CRLF line
ends, TEXT escaping, lines folded at 75 octets without splitting a UTF-8 character) is in `_text`
and `_fold`, and the tests read every file back with the `icalendar` parser.
"""
from __future__ import annotations

import datetime as dt

from . import messages
from .agencies import Agency
from .deadline import Deadline, appeal_deadline
from .errors import InvalidInput
from .letter import NoAppealRoute
from .swedish_format import long_date

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//Overklagandeassistenten//Sista dag att overklaga//SV"
REMINDER_DAYS_BEFORE = 3
REMINDER_HOUR = 9  # the reminder goes off at 09:00 local time, REMINDER_DAYS_BEFORE days before
_MAX_LINE_OCTETS = 75


def appeal_calendar(posted_on: dt.date, today: dt.date, agency: Agency, now: dt.datetime) -> bytes:
    """The calendar file for an appeal of `agency`'s decision posted on `posted_on`.

    InvalidInput ("agency") for an employer without a state appeal route, ("posted_on") for a posting
    day after today or a last day that has passed. `now` (aware) is the file's DTSTAMP.
    """
    if not agency.state_appeal_route:
        raise NoAppealRoute(agency.display_name, messages.NO_ROUTE_NO_DEADLINE)
    deadline = appeal_deadline(posted_on, today)
    if deadline.passed:
        raise InvalidInput(
            "posted_on", messages.CALENDAR_DEADLINE_PASSED.format(deadline=long_date(deadline.last_day))
        )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(messages.CALENDAR_NAME)}",
        "BEGIN:VEVENT",
        f"UID:{posted_on.isoformat()}-{agency.key}@overklagandeassistenten",
        f"DTSTAMP:{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{deadline.last_day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{deadline.last_day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_text(messages.CALENDAR_SUMMARY.format(agency=agency.display_name))}",
        f"DESCRIPTION:{_text(_description(deadline, agency))}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER:{_reminder_trigger()}",
        f"DESCRIPTION:{_text(_reminder(deadline, agency))}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def file_name(posted_on: dt.date, agency: Agency) -> str:
    return f"sista-dag-overklagande-{agency.key.replace('_', '-')}-{posted_on.isoformat()}.ics"


def _description(deadline: Deadline, agency: Agency) -> str:
    parts = [deadline.explanation, "", messages.CALENDAR_SEND_TO, *agency.appeal_address]
    if agency.envelope_marking:
        parts.append(messages.CALENDAR_MARKING.format(marking=agency.envelope_marking))
    if agency.appeal_email:
        parts.append(messages.CALENDAR_EMAIL.format(email=agency.appeal_email))
    return "\n".join(parts)


def _reminder(deadline: Deadline, agency: Agency) -> str:
    return messages.CALENDAR_REMINDER.format(
        days=REMINDER_DAYS_BEFORE, deadline=long_date(deadline.last_day), agency=agency.display_name
    )


def _reminder_trigger() -> str:
    """Relative to the all-day event's start (00:00 on the last day): back to REMINDER_HOUR o'clock
    REMINDER_DAYS_BEFORE days earlier. Three days at 09:00 is "-P2DT15H"."""
    before = dt.timedelta(days=REMINDER_DAYS_BEFORE) - dt.timedelta(hours=REMINDER_HOUR)
    hours = before.seconds // 3600
    return f"-P{before.days}D" + (f"T{hours}H" if hours else "")


def _text(value: str) -> str:
    """An RFC 5545 TEXT value (3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """A content line folded at 75 octets (3.1): CRLF and one space before each continuation, never
    inside a UTF-8 character."""
    pieces, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = _MAX_LINE_OCTETS if not pieces else _MAX_LINE_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)
