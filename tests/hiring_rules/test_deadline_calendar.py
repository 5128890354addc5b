"""The appeal deadline as an iCalendar file, read back with the maintained `icalendar` parser: one
all-day event on appeal_deadline's day (Swedish holidays included), a reminder days before, Swedish
text with the employer's appeal address, and the RFC 5545 line rules."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from hiring_rules import messages
from hiring_rules.agencies import default_registry
from hiring_rules.deadline import appeal_deadline
from hiring_rules.deadline_calendar import REMINDER_DAYS_BEFORE, REMINDER_HOUR, appeal_calendar, file_name
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import NoAppealRoute

REGISTRY = default_registry()
NOW = dt.datetime(2026, 6, 1, 7, 30, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 6, 1)


def event_of(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.mark.parametrize(
    "posted_on, today, deadline",
    [
        (dt.date(2026, 5, 29), TODAY, dt.date(2026, 6, 22)),  # midsommarafton, then a weekend
        (dt.date(2026, 12, 4), dt.date(2026, 12, 10), dt.date(2026, 12, 28)),  # julafton to annandag jul
        (dt.date(2026, 11, 3), dt.date(2026, 11, 10), dt.date(2026, 11, 24)),  # not shifted
    ],
)
def test_one_all_day_event_on_the_last_day(posted_on, today, deadline):
    event = event_of(appeal_calendar(posted_on, today, REGISTRY.get("migrationsverket"), NOW))
    assert event.decoded("DTSTART") == deadline == appeal_deadline(posted_on, today).last_day
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)  # a date: all day
    assert event.decoded("DTEND") == deadline + dt.timedelta(days=1)
    assert event.decoded("DTSTAMP") == NOW
    assert event["UID"] == f"{posted_on.isoformat()}-migrationsverket@overklagandeassistenten"


def test_a_reminder_days_before_at_nine():
    event = event_of(appeal_calendar(dt.date(2026, 5, 29), TODAY, REGISTRY.get("forsakringskassan"), NOW))
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    start = dt.datetime.combine(event.decoded("DTSTART"), dt.time())
    assert start + alarm.decoded("TRIGGER") == dt.datetime(2026, 6, 22 - REMINDER_DAYS_BEFORE, REMINDER_HOUR)
    assert str(alarm["DESCRIPTION"]) == messages.CALENDAR_REMINDER.format(
        days=REMINDER_DAYS_BEFORE, deadline="måndag 22 juni 2026", agency="Försäkringskassan"
    )


@pytest.mark.parametrize("key", ["forsakringskassan", "migrationsverket"])
def test_the_swedish_text_gives_the_appeal_address(key):
    agency = REGISTRY.get(key)
    event = event_of(appeal_calendar(dt.date(2026, 5, 29), TODAY, agency, NOW))
    assert str(event["SUMMARY"]) == messages.CALENDAR_SUMMARY.format(agency=agency.display_name)
    description = str(event["DESCRIPTION"])
    assert description.startswith(appeal_deadline(dt.date(2026, 5, 29), TODAY).explanation)
    assert "\n".join(agency.appeal_address) in description  # commas, åäö and line breaks come back
    assert "”Överklagan”" in description
    if agency.appeal_email:
        assert messages.CALENDAR_EMAIL.format(email=agency.appeal_email) in description
    else:
        assert "@" not in description  # post only: no e-mail address to send the appeal to


def test_rfc_5545_lines_crlf_and_at_most_75_octets():
    data = appeal_calendar(dt.date(2026, 5, 29), TODAY, REGISTRY.get("migrationsverket"), NOW)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the description is folded
    for line in lines:
        line.decode("utf-8")  # no fold splits a character


def test_a_municipality_has_no_appeal_deadline():
    with pytest.raises(NoAppealRoute):
        appeal_calendar(dt.date(2026, 5, 29), TODAY, REGISTRY.get("karlstads_kommun"), NOW)


@pytest.mark.parametrize(
    "posted_on, message",
    [
        (dt.date(2026, 6, 2), messages.DATE_IN_FUTURE.format(date="2 juni 2026")),
        (dt.date(2026, 5, 8), messages.CALENDAR_DEADLINE_PASSED.format(deadline="fredag 29 maj 2026")),
    ],
)
def test_a_posting_day_ahead_or_a_passed_deadline_is_refused(posted_on, message):
    with pytest.raises(InvalidInput) as caught:
        appeal_calendar(posted_on, TODAY, REGISTRY.get("migrationsverket"), NOW)
    assert (caught.value.field, caught.value.message) == ("posted_on", message)


def test_file_name():
    assert file_name(dt.date(2026, 5, 29), REGISTRY.get("forsakringskassan")) == (
        "sista-dag-overklagande-forsakringskassan-2026-05-29.ics"
    )
