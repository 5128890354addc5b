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
        ("ett år och tre månader", 15), ("1 ar och 2 man", 14), ("ca 3 år, 36 mån", 36),
        ("2 år och 24 månader", 24), ("1 år och 1 år", 24),
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


# What each reader makes of the answers people give, by the value it reads.
READINGS = {
    termination_reason_from_text: {
        TerminationReason.ARBETSBRIST: (
            "arbetsbrist",
            "mitt vikariat förlängdes inte på grund av arbetsbrist",
            "fick inte förlängt pga arbetsbrist",
            "jag blev varslad när de drog ner pa personal",
            "tjänsten drogs in vid nedskarningar",
            "kommunen sa upp mig pga arbetsbrist",
            "de har sagt upp mig på grund av arbetsbrist",
        ),
        TerminationReason.EGEN_UPPSAGNING: (
            "egen_uppsagning",
            "jag sa upp mig själv",
            "sade upp mig",
            "inte arbetsbrist, jag sa upp mig",
            "jag valde att sluta",
        ),
        TerminationReason.PERSONLIGA_SKAL: (
            "Personliga skäl",
            "jag blev avskedad",
            "uppsagd för att jag hade för mycket franvaro",
            "de sa att jag kom sent för ofta",
        ),
        TerminationReason.ANNAT: ("Annat",),
    },
    employment_type_from_text: {
        EmploymentType.TILLSVIDARE: ("Tillsvidare", "fast anställd", "tillsvidareanställning"),
        EmploymentType.SAVA: ("Särskild visstidsanställning (SÄVA)", "sava"),
        EmploymentType.VIKARIAT: ("Vikariat", "jag var vikarie", "inte tillsvidare utan vikariat"),
        EmploymentType.SASONG: ("Säsongsarbete", "sasongsanstalld"),
        EmploymentType.ANNAN_VISSTID: ("Annan visstidsanställning", "annan_visstid", "projektanställning"),
    },
}
# Answers that name none or several, with the message each reader refuses them with.
UNREADABLE = {
    termination_reason_from_text: (
        messages.TERMINATION_REASON_UNREADABLE,
        ("uppsagd", "det var inte arbetsbrist", "arbetsbrist men jag sa upp mig själv", "vet ej"),
    ),
    employment_type_from_text: (
        messages.EMPLOYMENT_TYPE_UNREADABLE,
        ("visstid", "inte tillsvidare", "vikariat och sen tillsvidare", "heltid"),
    ),
}


@pytest.mark.parametrize(
    "read, text, value",
    [
        (read, text, value)
        for read, by_value in READINGS.items()
        for value, texts in by_value.items()
        for text in texts
    ],
)
def test_answers_are_read(read, text, value):
    assert read(text) is value


@pytest.mark.parametrize(
    "read, text, message",
    [(read, text, message) for read, (message, texts) in UNREADABLE.items() for text in texts],
)
def test_an_answer_that_names_none_or_several_is_refused(read, text, message):
    with pytest.raises(InvalidInput) as exc:
        read(text)
    assert exc.value.message == message


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
