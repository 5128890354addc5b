"""Swedish date phrases, read relative to a fixed `today` (expected dates counted on a calendar)."""
import datetime as dt

import pytest

from hiring_rules.dates import parse_swedish_date
from hiring_rules.errors import InvalidInput

D = dt.date
SUNDAY = D(2026, 11, 22)
WEDNESDAY = D(2026, 11, 18)

# (phrase, expected when today is Sunday 22 Nov 2026, expected when today is Wednesday 18 Nov 2026)
PHRASES = [
    ("igår", D(2026, 11, 21), D(2026, 11, 17)),
    ("i går", D(2026, 11, 21), D(2026, 11, 17)),
    ("idag", SUNDAY, WEDNESDAY),
    ("i dag", SUNDAY, WEDNESDAY),
    ("i förrgår", D(2026, 11, 20), D(2026, 11, 16)),
    ("förrgår", D(2026, 11, 20), D(2026, 11, 16)),
    ("i måndags", D(2026, 11, 16), D(2026, 11, 16)),
    ("i tisdags", D(2026, 11, 17), D(2026, 11, 17)),
    ("i onsdags", D(2026, 11, 18), D(2026, 11, 11)),  # on a Wednesday: last week's
    ("i torsdags", D(2026, 11, 19), D(2026, 11, 12)),
    ("i fredags", D(2026, 11, 20), D(2026, 11, 13)),
    ("i lördags", D(2026, 11, 21), D(2026, 11, 14)),
    ("i söndags", D(2026, 11, 15), D(2026, 11, 15)),  # on a Sunday: last week's
    ("förra fredagen", D(2026, 11, 20), D(2026, 11, 13)),
    ("förra måndagen", D(2026, 11, 16), D(2026, 11, 16)),
    ("för två veckor sedan", D(2026, 11, 8), D(2026, 11, 4)),
    ("för 2 veckor sedan", D(2026, 11, 8), D(2026, 11, 4)),
    ("för två veckor sen", D(2026, 11, 8), D(2026, 11, 4)),
    ("för en vecka sedan", D(2026, 11, 15), D(2026, 11, 11)),
    ("för tre dagar sedan", D(2026, 11, 19), D(2026, 11, 15)),
    ("3 mars", D(2026, 3, 3), D(2026, 3, 3)),
    ("den 3 mars", D(2026, 3, 3), D(2026, 3, 3)),
    ("den 5:e april", D(2026, 4, 5), D(2026, 4, 5)),
    ("5 april", D(2026, 4, 5), D(2026, 4, 5)),
    ("10 nov", D(2026, 11, 10), D(2026, 11, 10)),
    ("den 1:a december", D(2025, 12, 1), D(2025, 12, 1)),  # most recent 1 December
    ("22 november", SUNDAY, D(2025, 11, 22)),
    ("3 mars 2025", D(2025, 3, 3), D(2025, 3, 3)),
    ("10/11", D(2026, 11, 10), D(2026, 11, 10)),  # day first
    ("den 10/11", D(2026, 11, 10), D(2026, 11, 10)),
    ("10.11", D(2026, 11, 10), D(2026, 11, 10)),
    ("1.12", D(2025, 12, 1), D(2025, 12, 1)),
    ("20/11", D(2026, 11, 20), D(2025, 11, 20)),
    ("29/2", D(2024, 2, 29), D(2024, 2, 29)),  # the most recent 29 February
    ("29 februari", D(2024, 2, 29), D(2024, 2, 29)),
    ("10/11/2025", D(2025, 11, 10), D(2025, 11, 10)),
    ("sista oktober", D(2026, 10, 31), D(2026, 10, 31)),
    ("den sista november", D(2025, 11, 30), D(2025, 11, 30)),  # not yet over: last year's
    ("sista dagen i februari", D(2026, 2, 28), D(2026, 2, 28)),
    ("sista april 2025", D(2025, 4, 30), D(2025, 4, 30)),
    ("10.11.2026", D(2026, 11, 10), D(2026, 11, 10)),
    ("2026-11-10", D(2026, 11, 10), D(2026, 11, 10)),
    ("2026/11/10", D(2026, 11, 10), D(2026, 11, 10)),
    ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29)),
    # without å/ä/ö
    ("igar", D(2026, 11, 21), D(2026, 11, 17)),
    ("i gar", D(2026, 11, 21), D(2026, 11, 17)),
    ("i forrgar", D(2026, 11, 20), D(2026, 11, 16)),
    ("i mandags", D(2026, 11, 16), D(2026, 11, 16)),
    ("i lordags", D(2026, 11, 21), D(2026, 11, 14)),
    ("i sondags", D(2026, 11, 15), D(2026, 11, 15)),
    ("forra fredagen", D(2026, 11, 20), D(2026, 11, 13)),
    ("for tva veckor sedan", D(2026, 11, 8), D(2026, 11, 4)),
    # capitals, extra spaces and trailing punctuation
    ("Igår", D(2026, 11, 21), D(2026, 11, 17)),
    ("IGÅR!", D(2026, 11, 21), D(2026, 11, 17)),
    ("  I   går  ", D(2026, 11, 21), D(2026, 11, 17)),
    ("igår.", D(2026, 11, 21), D(2026, 11, 17)),
    ("I förrgår.", D(2026, 11, 20), D(2026, 11, 16)),
    ("I Måndags", D(2026, 11, 16), D(2026, 11, 16)),
    ("i fredags.", D(2026, 11, 20), D(2026, 11, 13)),
    ("Förra fredagen.", D(2026, 11, 20), D(2026, 11, 13)),
    ("i fredags?", D(2026, 11, 20), D(2026, 11, 13)),
    ("3 Mars!", D(2026, 3, 3), D(2026, 3, 3)),
    ("Den 5:e april.", D(2026, 4, 5), D(2026, 4, 5)),
    ("För två veckor sedan,", D(2026, 11, 8), D(2026, 11, 4)),
]


@pytest.mark.parametrize("phrase, expected", [(p, s) for p, s, _ in PHRASES], ids=[p for p, _, _ in PHRASES])
def test_phrase_on_a_sunday(phrase, expected):
    assert parse_swedish_date(phrase, SUNDAY) == expected


@pytest.mark.parametrize("phrase, expected", [(p, w) for p, _, w in PHRASES], ids=[p for p, _, _ in PHRASES])
def test_phrase_on_a_wednesday(phrase, expected):
    assert parse_swedish_date(phrase, WEDNESDAY) == expected


@pytest.mark.parametrize(
    "phrase, month, day",
    [
        ("den 45 november", "november", 45),
        ("30 februari", "februari", 30),
        ("den 30:e februari", "februari", 30),
        ("2026-02-30", "februari", 30),
        ("2025-02-29", "februari", 29),  # not a leap year
        ("31/4", "april", 31),
        ("31.6", "juni", 31),
        ("31 september", "september", 31),
    ],
)
def test_impossible_dates_name_the_month(phrase, month, day):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY)
    assert info.value.field == "date"
    assert "finns inte" in info.value.message
    assert f"{month} har inte {day} dagar" in info.value.message


@pytest.mark.parametrize("phrase", ["10/13", "2026-13-01", "2026-00-10", "0/5", "den 0 mars"])
def test_impossible_day_or_month(phrase):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY)
    assert "finns inte i kalendern" in info.value.message


@pytest.mark.parametrize(
    "phrase, expected",
    [("i morgon", D(2026, 11, 23)), ("2026-11-23", D(2026, 11, 23)), ("2027-01-15", D(2027, 1, 15))],
)
def test_future_refused_unless_allowed(phrase, expected):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY)
    assert "framtiden" in info.value.message
    assert parse_swedish_date(phrase, SUNDAY, allow_future=True) == expected


def test_today_is_not_future():
    assert parse_swedish_date("2026-11-22", SUNDAY) == SUNDAY


def test_too_old():
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date("1899-12-31", SUNDAY)
    assert "för långt bak" in info.value.message


@pytest.mark.parametrize("phrase", ["blabla", "vet inte", "när jag fick mejlet", "???"])
def test_unreadable(phrase):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY)
    assert "förstod inte datumet" in info.value.message


@pytest.mark.parametrize("phrase", ["", "   ", None])
def test_empty(phrase):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY)
    assert "Skriv ett datum" in info.value.message


@pytest.mark.parametrize("phrase", ["", "blabla", "den 45 november", "31/4", "i morgon", "1899-12-31"])
def test_field_is_carried_into_the_error(phrase):
    with pytest.raises(InvalidInput) as info:
        parse_swedish_date(phrase, SUNDAY, field="posted_on")
    assert info.value.field == "posted_on"
