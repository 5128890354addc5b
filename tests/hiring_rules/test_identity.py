"""Personnummer, samordningsnummer and diarienummer.

Check digits in this file were computed by hand with the Luhn rule (weights 2-1 over YYMMDDNNN).
"""
import datetime as dt

import pytest

from hiring_rules.errors import InvalidInput
from hiring_rules.identity import is_samordningsnummer, normalise_diarienummer, normalise_personnummer

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("811218-9876", "19811218-9876"),
        ("8112189876", "19811218-9876"),
        ("19811218-9876", "19811218-9876"),
        ("198112189876", "19811218-9876"),
        ("811218 9876", "19811218-9876"),
        (" 19811218 - 9876 ", "19811218-9876"),
        ("\t811218-9876\n", "19811218-9876"),
        ("701063-2391", "19701063-2391"),  # samordningsnummer: day 3 + 60
        ("197010632391", "19701063-2391"),
        ("121212-1212", "20121212-1212"),
        ("121212+1212", "19121212-1212"),  # '+': 100 years or older
        ("240229-1237", "20240229-1237"),  # 29 February in a leap year
    ],
)
def test_valid_numbers_are_normalised(value, expected):
    assert normalise_personnummer(value, today=TODAY) == expected


def test_valid_without_today():
    assert normalise_personnummer("19811218-9876") == "19811218-9876"


@pytest.mark.parametrize(
    "value, today, expected",
    [
        # someone born 1 Jan 2027 is three in 2030; with '+' the same digits mean 1927
        ("270101-1237", dt.date(2030, 1, 1), "20270101-1237"),
        ("270101+1237", dt.date(2030, 1, 1), "19270101-1237"),
        # in 2026 a '-' number with year 27 is someone turning 99
        ("270101-1237", dt.date(2026, 11, 22), "19270101-1237"),
        ("261231-1239", dt.date(2027, 1, 1), "20261231-1239"),
    ],
)
def test_century_follows_today_not_the_clock(value, today, expected):
    assert normalise_personnummer(value, today=today) == expected


@pytest.mark.parametrize("value", ["20261231-1239", "261231-1239"])
def test_birth_date_after_today_is_refused(value):
    with pytest.raises(InvalidInput) as info:
        normalise_personnummer(value, today=TODAY)
    assert info.value.field == "personnummer"


def test_is_samordningsnummer():
    assert is_samordningsnummer("19701063-2391") is True
    assert is_samordningsnummer("19811218-9876") is False


CHECK_DIGIT = "kontrollsiffran"
SHAPE = "10 eller 12 siffror"
MISSING = "Skriv ditt personnummer"
REFUSED = [
    pytest.param("811218-9875", CHECK_DIGIT, id="luhn"),
    pytest.param("19811218-9875", CHECK_DIGIT, id="luhn-12-digits"),
    pytest.param("811318-9875", CHECK_DIGIT, id="month-13"),
    pytest.param("810230-1234", CHECK_DIGIT, id="30-february"),
    pytest.param("230229-1238", CHECK_DIGIT, id="29-february-non-leap"),
    pytest.param("700491-1231", CHECK_DIGIT, id="samordningsnummer-31-april"),
    pytest.param("811218-0006", CHECK_DIGIT, id="serial-000"),
    pytest.param("81121898", SHAPE, id="9-digits"),
    pytest.param("81121898761", SHAPE, id="11-digits"),
    pytest.param("1981121898761", SHAPE, id="13-digits"),
    pytest.param("81121a-9876", SHAPE, id="letter"),
    pytest.param("811218-98765", SHAPE, id="five-after-separator"),
    pytest.param("", MISSING, id="empty"),
    pytest.param("   ", MISSING, id="blank"),
    pytest.param(None, MISSING, id="none"),
]


@pytest.mark.parametrize("value, reason", REFUSED)
def test_refused_numbers_say_why(value, reason):
    with pytest.raises(InvalidInput) as info:
        normalise_personnummer(value, today=TODAY)
    assert info.value.field == "personnummer"
    assert reason in info.value.message


# Not built from 811218-9876: the format message shows that number as its example.
@pytest.mark.parametrize(
    "value",
    ["701063-2392", "19701063-2392", "811318-9875", "810230-1234", "20261231-1239", "701063239",
     "70106a-2391", "701063-23910", "1970106323911"],
)
def test_errors_never_echo_the_number(value):
    with pytest.raises(InvalidInput) as info:
        normalise_personnummer(value, today=TODAY)
    digits = "".join(ch for ch in value if ch.isdigit())
    for shown in (info.value.message, str(info.value), repr(info.value)):
        assert value not in shown
        assert digits[-4:] not in shown
        assert digits[:6] not in shown


# --- diarienummer ---


@pytest.mark.parametrize(
    "value, expected",
    [
        ("FK 2026/012345", "FK 2026/012345"),
        ("2.3.4-2026-5566", "2.3.4-2026-5566"),
        ("Dnr 2026-1234", "Dnr 2026-1234"),
        ("MIGR-2026-00123", "MIGR-2026-00123"),
        ("  FK 2026/012345  ", "FK 2026/012345"),
        ("\tDnr   2026-1234\n", "Dnr 2026-1234"),
        ("FK 2026/" + "1" * 32, "FK 2026/" + "1" * 32),  # exactly 40 characters
    ],
)
def test_diarienummer_accepted(value, expected):
    assert normalise_diarienummer(value) == expected


@pytest.mark.parametrize(
    "value, wording",
    [
        ("", "Skriv beslutets diarienummer"),
        ("   ", "Skriv beslutets diarienummer"),
        (None, "Skriv beslutets diarienummer"),
        ("FK 2026/" + "1" * 33, "för långt"),
        ("Jag vet inte vad numret är 12", "ser inte ut som ett diarienummer"),
        ("numret står inte i mejlet", "ser inte ut som ett diarienummer"),
        ("<script>alert(1)</script>", "ser inte ut som ett diarienummer"),
        ("<script>2026</script>", "ser inte ut som ett diarienummer"),
        ("FK 1", "ser inte ut som ett diarienummer"),
        ("12", "ser inte ut som ett diarienummer"),
        ("Dnr; DROP TABLE 2026", "ser inte ut som ett diarienummer"),
        ("16 mån", "ser inte ut som ett diarienummer"),
        ("3 nov 26", "ser inte ut som ett diarienummer"),
    ],
    ids=["empty", "spaces", "none", "over-long", "prose", "prose-no-digits", "script", "script-digits",
         "one-digit", "too-short", "semicolon", "a-duration", "a-date"],
)
def test_diarienummer_rejected(value, wording):
    with pytest.raises(InvalidInput) as info:
        normalise_diarienummer(value)
    assert info.value.field == "diarienummer"
    assert wording in info.value.message
