"""hiring_rules.answers: the re-employment walk-through's chat answers read into the core's values."""
import pytest

from hiring_rules import messages
from hiring_rules.answers import (
    employment_type_from_text,
    is_question,
    months_from_text,
    termination_reason_from_text,
    yes_no_from_text,
)
from hiring_rules.errors import InvalidInput
from hiring_rules.reemployment import EmploymentType, TerminationReason


@pytest.mark.parametrize(
    "text, months",
    [
        ("14", 14), ("14,5", 14.5), (13, 13), ("14 månader", 14), ("14 manader", 14), ("13 mån", 13),
        ("2 år", 24), ("två år", 24), ("ett år", 12), ("1,5 år", 18), ("ett och ett halvt år", 18),
        ("två och ett halvt år", 30), ("ett halvt år", 6), ("ett halvår", 6), ("arton månader", 18),
        ("ett år och tre månader", 15), ("1 ar och 2 man", 14),
        ("jag var anställd i 14 månader under de senaste tre åren", 14), ("ungefär 20 månader", 20),
    ],
)
def test_durations_as_people_write_them(text, months):
    assert months_from_text(text) == months


@pytest.mark.parametrize("text", ["ganska länge", "månader", "14 15", "drygt ett år", "", "ja"])
def test_unreadable_duration_is_refused(text):
    with pytest.raises(InvalidInput) as exc:
        months_from_text(text)
    assert exc.value.field == "months_employed"
    assert exc.value.message == messages.MONTHS_UNREADABLE.format(value=text)


def test_duration_beyond_the_core_limit_is_refused():
    with pytest.raises(InvalidInput, match="mellan 0 och 600"):
        months_from_text("51 år")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("arbetsbrist", TerminationReason.ARBETSBRIST),
        ("egen_uppsagning", TerminationReason.EGEN_UPPSAGNING),
        ("mitt vikariat förlängdes inte på grund av arbetsbrist", TerminationReason.ARBETSBRIST),
        ("fick inte förlängt pga arbetsbrist", TerminationReason.ARBETSBRIST),
        ("jag sa upp mig själv", TerminationReason.EGEN_UPPSAGNING),
        ("sade upp mig", TerminationReason.EGEN_UPPSAGNING),
        ("Personliga skäl", TerminationReason.PERSONLIGA_SKAL),
        ("jag blev avskedad", TerminationReason.PERSONLIGA_SKAL),
        ("Annat", TerminationReason.ANNAT),
        ("inte arbetsbrist, jag sa upp mig", TerminationReason.EGEN_UPPSAGNING),
    ],
)
def test_termination_reasons(text, reason):
    assert termination_reason_from_text(text) is reason


@pytest.mark.parametrize(
    "text", ["uppsagd", "det var inte arbetsbrist", "arbetsbrist men jag sa upp mig själv", "vet ej"]
)
def test_termination_reason_that_names_none_or_several_is_refused(text):
    with pytest.raises(InvalidInput) as exc:
        termination_reason_from_text(text)
    assert exc.value.message == messages.TERMINATION_REASON_UNREADABLE


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Tillsvidare", EmploymentType.TILLSVIDARE),
        ("fast anställd", EmploymentType.TILLSVIDARE),
        ("tillsvidareanställning", EmploymentType.TILLSVIDARE),
        ("Särskild visstidsanställning (SÄVA)", EmploymentType.SAVA),
        ("sava", EmploymentType.SAVA),
        ("Vikariat", EmploymentType.VIKARIAT),
        ("jag var vikarie", EmploymentType.VIKARIAT),
        ("Säsongsarbete", EmploymentType.SASONG),
        ("sasongsanstalld", EmploymentType.SASONG),
        ("Annan visstidsanställning", EmploymentType.ANNAN_VISSTID),
        ("annan_visstid", EmploymentType.ANNAN_VISSTID),
        ("projektanställning", EmploymentType.ANNAN_VISSTID),
        ("inte tillsvidare utan vikariat", EmploymentType.VIKARIAT),
    ],
)
def test_employment_types(text, kind):
    assert employment_type_from_text(text) is kind


@pytest.mark.parametrize("text", ["visstid", "inte tillsvidare", "vikariat och sen tillsvidare", "heltid"])
def test_employment_type_that_names_none_or_several_is_refused(text):
    with pytest.raises(InvalidInput) as exc:
        employment_type_from_text(text)
    assert exc.value.message == messages.EMPLOYMENT_TYPE_UNREADABLE


@pytest.mark.parametrize(
    "text, answer",
    [
        ("ja", True), ("Japp", True), ("ja, det har jag gjort", True), ("jag har anmält", True),
        (True, True), ("nej", False), ("inte än", False), ("jag har inte anmält", False),
        ("vet inte", False), (False, False),
    ],
)
def test_yes_and_no(text, answer):
    assert yes_no_from_text(text) is answer


@pytest.mark.parametrize("text", ["kanske", "vad betyder anmält anspråk", "har jag anmält?"])
def test_neither_yes_nor_no_is_refused(text):
    with pytest.raises(InvalidInput) as exc:
        yes_no_from_text(text)
    assert (exc.value.field, exc.value.message) == ("registered", messages.YES_NO_UNREADABLE)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("vad räknas som arbetsbrist?", True), ("hur lång är intervjun", True), ("säva?", True),
        ("säva", False), ("egen uppsägning", False), ("14 månader", False),
    ],
)
def test_is_question(text, asks):
    assert is_question(text) is asks
