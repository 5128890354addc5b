"""The appeal deadline: posting day + three weeks, moved under lag (1930:173) 2 §.

Every expected date in the table was worked out by hand from the statute and a calendar; the property
test checks the code against an oracle written here from lag (1989:253), independent of calendar_sv.
"""
import datetime as dt
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_rules import messages
from hiring_rules.deadline import SOON_DAYS, Urgency, appeal_deadline
from hiring_rules.errors import InvalidInput

D = dt.date

# (id, posted on, expected last day, name of the non-working nominal day or None when not shifted)
CASES = [
    ("weekday-no-shift", D(2026, 2, 23), D(2026, 3, 16), None),
    ("saturday", D(2026, 2, 21), D(2026, 3, 16), "lördag"),
    ("sunday", D(2026, 2, 22), D(2026, 3, 16), "söndag"),
    # nyårsdagen Thu 2026-01-01; also crosses the year end
    ("nyarsdagen", D(2025, 12, 11), D(2026, 1, 2), "nyårsdagen"),
    ("trettondedag-jul", D(2025, 12, 16), D(2026, 1, 7), "trettondedag jul"),
    # Easter 2026 is 5 April: långfredag 3/4, påskdagen 5/4, annandag påsk 6/4
    ("langfredagen-chain-to-tuesday", D(2026, 3, 13), D(2026, 4, 7), "långfredagen"),
    ("paskdagen", D(2026, 3, 15), D(2026, 4, 7), "påskdagen"),
    ("annandag-pask", D(2026, 3, 16), D(2026, 4, 7), "annandag påsk"),
    ("forsta-maj-then-weekend", D(2026, 4, 10), D(2026, 5, 4), "första maj"),
    # Easter + 39 days = Thursday 14 May 2026
    ("kristi-himmelsfardsdag", D(2026, 4, 23), D(2026, 5, 15), "kristi himmelsfärdsdag"),
    # Easter + 49 days = Sunday 24 May 2026; Monday 25 May (annandag pingst) is a workday since 2005
    ("pingstdagen", D(2026, 5, 3), D(2026, 5, 25), "pingstdagen"),
    ("annandag-pingst-2026-is-workday", D(2026, 5, 4), D(2026, 5, 25), None),
    ("annandag-pingst-2005-is-workday", D(2005, 4, 25), D(2005, 5, 16), None),
    # 2004: Easter 11 April, annandag pingst Monday 31 May was still a helgdag
    ("annandag-pingst-2004-holiday", D(2004, 5, 10), D(2004, 6, 1), "annandag pingst"),
    # Friday 6 June 2025 -> weekend (Sunday 8 June is pingstdagen) -> Monday 9 June (annandag pingst)
    ("nationaldagen-friday", D(2025, 5, 16), D(2025, 6, 9), "nationaldagen"),
    ("nationaldagen-on-saturday", D(2026, 5, 16), D(2026, 6, 8), "nationaldagen"),
    # worked example in LEGAL.md: midsommarafton Friday 19 June 2026
    ("worked-example-2026-midsommarafton", D(2026, 5, 29), D(2026, 6, 22), "midsommarafton"),
    ("midsommardagen", D(2026, 5, 30), D(2026, 6, 22), "midsommardagen"),
    # worked example: published decision, midsommarafton Friday 24 June 2005
    ("worked-example-2005-midsommarafton", D(2005, 6, 3), D(2005, 6, 27), "midsommarafton"),
    # alla helgons dag is the Saturday 31 Oct - 6 Nov: 31 October 2026
    ("alla-helgons-dag", D(2026, 10, 10), D(2026, 11, 2), "alla helgons dag"),
    # Wednesday 24 Dec 2025 -> juldagen -> annandag jul -> weekend -> Monday 29 Dec
    ("julafton-chain", D(2025, 12, 3), D(2025, 12, 29), "julafton"),
    ("juldagen", D(2026, 12, 4), D(2026, 12, 28), "juldagen"),
    ("annandag-jul-friday", D(2025, 12, 5), D(2025, 12, 29), "annandag jul"),
    # Wednesday 31 Dec 2025 -> nyårsdagen Thursday -> Friday 2 Jan 2026
    ("nyarsafton-into-next-year", D(2025, 12, 10), D(2026, 1, 2), "nyårsafton"),
    # Thursday 31 Dec 2026 -> nyårsdagen Friday -> weekend -> Monday 4 Jan 2027
    ("nyarsafton-chain-into-next-year", D(2026, 12, 10), D(2027, 1, 4), "nyårsafton"),
    ("leap-day-2024-is-last-day", D(2024, 2, 8), D(2024, 2, 29), None),
    ("leap-day-2028-is-last-day", D(2028, 2, 8), D(2028, 2, 29), None),
    ("posted-on-leap-day-2024", D(2024, 2, 29), D(2024, 3, 21), None),
    ("posted-on-leap-day-2028", D(2028, 2, 29), D(2028, 3, 21), None),
    # no 29 February in 2025: three weeks from 8 Feb is Saturday 1 March
    ("non-leap-february", D(2025, 2, 8), D(2025, 3, 3), "lördag"),
    # Easter 2019 was 21 April: långfredag 19/4, annandag påsk 22/4
    ("easter-2019-langfredagen", D(2019, 3, 29), D(2019, 4, 23), "långfredagen"),
    ("easter-2019-annandag-pask", D(2019, 4, 1), D(2019, 4, 23), "annandag påsk"),
]


@pytest.mark.parametrize(
    "posted, expected, because", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_last_day(posted, expected, because):
    result = appeal_deadline(posted, today=posted)
    assert result.posted_on == posted
    assert result.nominal_last_day == posted + dt.timedelta(days=21)
    assert result.last_day == expected
    assert result.shifted is (because is not None)
    if because is None:
        assert result.shifted_because is None
        assert result.reason is None
    else:
        assert result.shifted_because.lower() == because
        assert because in result.reason
        assert "1930:173" in result.reason


def test_explanation_names_days_in_swedish():
    result = appeal_deadline(D(2026, 5, 29), today=D(2026, 5, 29))
    assert "fredag 29 maj 2026" in result.explanation
    assert "fredag 19 juni 2026" in result.explanation
    assert "midsommarafton" in result.explanation
    assert "måndag 22 juni 2026" in result.explanation


def test_explanation_when_not_shifted():
    result = appeal_deadline(D(2026, 2, 23), today=D(2026, 2, 23))
    assert "måndag 23 februari 2026" in result.explanation
    assert "måndag 16 mars 2026" in result.explanation


@pytest.mark.parametrize(
    "today, days_left, passed",
    [
        (D(2026, 5, 29), 24, False),  # the posting day itself
        (D(2026, 6, 19), 3, False),  # the nominal day, midsommarafton
        (D(2026, 6, 21), 1, False),
        (D(2026, 6, 22), 0, False),  # the last day: still in time
        (D(2026, 6, 23), -1, True),
        (D(2026, 12, 1), -162, True),
    ],
    ids=["posting-day", "nominal-day", "day-before", "deadline-day", "day-after", "months-later"],
)
def test_days_left_and_passed(today, days_left, passed):
    result = appeal_deadline(D(2026, 5, 29), today=today)
    assert result.last_day == D(2026, 6, 22)
    assert result.days_left == days_left
    assert result.passed is passed


# --- an independent oracle for lag (1930:173) 2 § ---


def _easter(year: int) -> dt.date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return D(year, month, day + 1)


def _weekday_in(start: dt.date, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) in the seven days from `start`."""
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


@lru_cache(maxsize=None)
def _days_off(year: int) -> frozenset[dt.date]:
    """Allmänna helgdagar (lag 1989:253) plus midsommarafton, julafton and nyårsafton."""
    easter = _easter(year)
    days = {
        D(year, 1, 1),
        D(year, 1, 6),
        easter - dt.timedelta(days=2),
        easter,
        easter + dt.timedelta(days=1),
        D(year, 5, 1),
        easter + dt.timedelta(days=39),
        easter + dt.timedelta(days=49),
        _weekday_in(D(year, 6, 19), 4),  # midsommarafton: Friday 19-25 June
        _weekday_in(D(year, 6, 20), 5),  # midsommardagen: Saturday 20-26 June
        _weekday_in(D(year, 10, 31), 5),  # alla helgons dag: Saturday 31 Oct - 6 Nov
        D(year, 12, 24),
        D(year, 12, 25),
        D(year, 12, 26),
        D(year, 12, 31),
    }
    if year >= 2005:
        days.add(D(year, 6, 6))  # nationaldagen replaced annandag pingst in 2005
    else:
        days.add(easter + dt.timedelta(days=50))
    return frozenset(days)


def _oracle_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


@pytest.mark.parametrize(
    "year, easter",
    [(2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)
def test_oracle_easter(year, easter):
    assert _easter(year) == easter


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_oracle_agrees_with_table(case):
    """The oracle reproduces every hand-worked case, so the property test below rests on a checked oracle."""
    _, posted, expected, because = case
    nominal = posted + dt.timedelta(days=21)
    day = nominal
    while not _oracle_workday(day):
        day += dt.timedelta(days=1)
    assert day == expected
    assert (because is None) == _oracle_workday(nominal)


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31)))
def test_deadline_is_first_statutory_workday(posted):
    result = appeal_deadline(posted, today=posted)
    earliest = posted + dt.timedelta(days=21)
    assert result.nominal_last_day == earliest
    assert result.last_day >= earliest
    assert _oracle_workday(result.last_day)
    day = earliest
    while day < result.last_day:
        assert not _oracle_workday(day), f"{day} is a workday before {result.last_day}"
        day += dt.timedelta(days=1)
    assert result.shifted is (result.last_day != earliest)
    assert result.days_left == (result.last_day - posted).days


# --- the rules the chat, the letter and the API share ---


def test_a_posting_day_in_the_future_is_refused_with_the_callers_field():
    with pytest.raises(InvalidInput) as info:
        appeal_deadline(D(2026, 6, 2), D(2026, 6, 1), "decision_posted_on")
    assert info.value.field == "decision_posted_on"
    assert info.value.message == messages.DATE_IN_FUTURE.format(date="2 juni 2026")
    assert appeal_deadline(D(2026, 6, 1), D(2026, 6, 1)).days_left == 21


@pytest.mark.parametrize(
    "days_left, urgency",
    [(-1, Urgency.PASSED), (0, Urgency.TODAY), (1, Urgency.SOON), (SOON_DAYS - 1, Urgency.SOON),
     (SOON_DAYS, Urgency.OK), (21, Urgency.OK)],
)
def test_urgency_follows_the_days_left(days_left, urgency):
    posted_on = D(2026, 3, 2)  # a Monday: the last day is Monday 23 March, not shifted
    deadline = appeal_deadline(posted_on, D(2026, 3, 23) - dt.timedelta(days=days_left))
    assert (deadline.days_left, deadline.urgency) == (days_left, urgency)
