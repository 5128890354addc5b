"""Företrädesrätt till återanställning (LAS 25-27 §§): expectations worked out from the statute."""
import dataclasses
import datetime as dt
import math

import pytest

from hiring_rules.agencies import Reemployment, default_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.reemployment import EmploymentType, TerminationReason, assess_priority

D = dt.date
ENDED = D(2026, 5, 31)
SOON_AFTER = D(2026, 6, 15)


def _assess(reason="arbetsbrist", kind="tillsvidare", months=13, ended=ENDED, today=SOON_AFTER, **kw):
    return assess_priority(reason, kind, months, ended, today, **kw)


def _agency(registration_required):
    """A registry employer with only the registration rule changed."""
    base = default_registry().get("migrationsverket")
    return dataclasses.replace(
        base, reemployment=Reemployment(registration_required=registration_required, how_to_register=None)
    )


@pytest.fixture(scope="module")
def fk():
    return default_registry().get("forsakringskassan")


@pytest.fixture(scope="module")
def migrationsverket():
    return default_registry().get("migrationsverket")


# --- why the employment ended ---


@pytest.mark.parametrize("reason", ["egen_uppsagning", "personliga_skal", "annat"])
def test_only_arbetsbrist_gives_priority(reason):
    verdict = _assess(reason=reason)
    assert verdict.eligible is False
    assert verdict.valid_until is None
    assert verdict.requires_registration is False
    assert "arbetsbrist" in verdict.reasons[0]
    assert "LAS 25 §" in verdict.reasons[0]


def test_arbetsbrist_gives_priority():
    verdict = _assess()
    assert verdict.eligible is True
    assert verdict.valid_until == D(2027, 2, 28)
    assert "arbetsbrist" in verdict.reasons[0]


def test_enum_members_are_accepted():
    verdict = _assess(reason=TerminationReason.ARBETSBRIST, kind=EmploymentType.SAVA, months=10)
    assert verdict.eligible is True


@pytest.mark.parametrize("reason, kind", [(" Arbetsbrist ", "TILLSVIDARE"), ("ARBETSBRIST", " sava ")])
def test_enum_values_ignore_case_and_spaces(reason, kind):
    assert _assess(reason=reason, kind=kind).eligible is True


# --- employment time: strictly more than the limit (LAS 25 § second paragraph) ---

# More months than these are needed, counted over the last three years (two for seasonal work).
REQUIRED_MONTHS = {"tillsvidare": 12, "vikariat": 12, "sava": 9, "sasong": 6}
# At the limit is short; half a month and a month over it are enough; nothing is short.
THRESHOLDS = [
    (kind, months, eligible)
    for kind, required in REQUIRED_MONTHS.items()
    for months, eligible in ((required, False), (required + 0.5, True), (required + 1, True))
] + [("tillsvidare", 0, False)]


@pytest.mark.parametrize(
    "kind, months, eligible", THRESHOLDS, ids=[f"{k}-{m}-{'ok' if e else 'short'}" for k, m, e in THRESHOLDS]
)
def test_employment_time_threshold(kind, months, eligible):
    verdict = _assess(kind=kind, months=months)
    assert verdict.eligible is eligible
    required = REQUIRED_MONTHS[kind]
    time_reason = verdict.reasons[1]
    assert f"mer än {required} månader" in time_reason
    assert ("två åren" if kind == "sasong" else "tre åren") in time_reason
    if not eligible:
        assert verdict.valid_until is None
        assert f"Exakt {required} månader räcker inte" in time_reason


def test_months_written_with_decimal_comma():
    assert "12,5 månader" in _assess(months=12.5).reasons[1]


@pytest.mark.parametrize("months", [0, 13, 36])
def test_other_fixed_term_not_covered(months):
    verdict = _assess(kind="annan_visstid", months=months)
    assert verdict.eligible is False
    assert verdict.valid_until is None
    assert "SÄVA" in verdict.reasons[0]
    assert "LAS 25 §" in verdict.reasons[0]


# --- nine months after the end, month-end rule of lag (1930:173) 1 § ---


@pytest.mark.parametrize(
    "ended, valid_until",
    [
        (D(2026, 5, 31), D(2027, 2, 28)),
        (D(2027, 5, 31), D(2028, 2, 29)),
        (D(2026, 1, 31), D(2026, 10, 31)),
        (D(2026, 6, 30), D(2027, 3, 30)),
        (D(2025, 12, 31), D(2026, 9, 30)),
        (D(2026, 3, 15), D(2026, 12, 15)),
        (D(2026, 4, 1), D(2027, 1, 1)),
    ],
    ids=str,
)
def test_valid_until_nine_months_after_end(ended, valid_until):
    verdict = _assess(ended=ended, today=ended)
    assert verdict.valid_until == valid_until
    assert verdict.eligible is True


def test_valid_until_written_in_swedish():
    verdict = _assess(ended=D(2026, 5, 31), today=D(2026, 6, 1))
    assert any("28 februari 2027" in r for r in verdict.reasons)


def test_eligible_on_last_day():
    verdict = _assess(ended=D(2026, 5, 31), today=D(2027, 2, 28))
    assert verdict.eligible is True
    assert verdict.valid_until == D(2027, 2, 28)


def test_expired_day_after_last_day():
    verdict = _assess(ended=D(2026, 5, 31), today=D(2027, 3, 1))
    assert verdict.eligible is False
    assert verdict.valid_until == D(2027, 2, 28)
    assert verdict.requires_registration is False
    assert any("gått ut" in r and "28 februari 2027" in r for r in verdict.reasons)


# --- registration (LAS 27 §) ---


def test_forsakringskassan_requires_registration(fk):
    verdict = _assess(agency=fk)
    assert verdict.requires_registration is True
    assert any("Försäkringskassan kräver" in r and "LAS 27 §" in r for r in verdict.reasons)


def test_registered_needs_nothing_more(fk):
    verdict = _assess(agency=fk, registered=True)
    assert verdict.eligible is True
    assert verdict.requires_registration is False
    assert any("anmält anspråk" in r for r in verdict.reasons)


def test_unknown_agency_asks_to_register():
    verdict = _assess(agency=None)
    assert verdict.requires_registration is True
    assert any("LAS 27 §" in r for r in verdict.reasons)


def test_agency_that_does_not_state_it_asks_to_register(migrationsverket):
    assert migrationsverket.reemployment.registration_required is None
    assert _assess(agency=migrationsverket).requires_registration is True


def test_agency_without_registration_requirement():
    assert _assess(agency=_agency(registration_required=False)).requires_registration is False


# --- Försäkringskassan's "minst nio månader" for SÄVA ---


@pytest.mark.parametrize("months, eligible", [(9, False), (10, True)])
def test_forsakringskassan_sava_wording_note(fk, months, eligible):
    verdict = _assess(kind="sava", months=months, agency=fk)
    assert verdict.eligible is eligible
    assert any("minst nio månader" in r and "mer än nio månader" in r for r in verdict.reasons)


@pytest.mark.parametrize(
    "kind, agency_key", [("sava", "migrationsverket"), ("tillsvidare", "forsakringskassan")]
)
def test_sava_wording_note_only_for_forsakringskassan_sava(kind, agency_key):
    verdict = _assess(kind=kind, agency=default_registry().get(agency_key))
    assert not any("minst nio månader" in r for r in verdict.reasons)


# --- invalid input ---


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"reason": "uppsagd"}, "termination_reason"),
        ({"reason": ""}, "termination_reason"),
        ({"kind": "fast"}, "employment_type"),
        ({"kind": None}, "employment_type"),
        ({"months": -1}, "months_employed"),
        ({"months": -0.5}, "months_employed"),
        ({"months": 601}, "months_employed"),
        ({"months": math.nan}, "months_employed"),
        ({"months": "14"}, "months_employed"),
        ({"months": True}, "months_employed"),
    ],
    ids=["reason-unknown", "reason-empty", "type-unknown", "type-none", "months-negative",
         "months-negative-half", "months-too-many", "months-nan", "months-text", "months-bool"],
)
def test_invalid_input_names_the_field(kwargs, field):
    with pytest.raises(InvalidInput) as info:
        _assess(**kwargs)
    assert info.value.field == field
    assert info.value.message


# --- the reasons are Swedish and cite the law ---


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"reason": "egen_uppsagning"},
        {"kind": "annan_visstid"},
        {"months": 12},
        {"today": D(2028, 1, 1)},
    ],
    ids=["eligible", "resigned", "other-fixed-term", "too-short", "expired"],
)
def test_reasons_are_swedish_and_cite_las(kwargs):
    verdict = _assess(**kwargs)
    assert verdict.reasons and all(isinstance(r, str) and r for r in verdict.reasons)
    text = " ".join(verdict.reasons)
    assert "LAS" in text
    assert any(ch in text for ch in "åäö")
    assert "inte juridisk rådgivning" in verdict.reasons[-1]


def test_too_short_a_time_is_a_verdict_without_the_end_date():
    verdict = _assess(kind="vikariat", months=8, ended=None)
    assert not verdict.eligible and verdict.valid_until is None
    with pytest.raises(InvalidInput) as error:
        _assess(kind="vikariat", months=14, ended=None)  # long enough: the nine months count from the end
    assert error.value.field == "employment_ended_on"
