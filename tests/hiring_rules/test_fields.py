"""Free-text fields of the letters: cleaning, lengths and forbidden characters."""
import pytest

from hiring_rules import fields, messages
from hiring_rules.errors import InvalidInput


def _refused(function, value, field):
    with pytest.raises(InvalidInput) as info:
        function(value)
    assert info.value.field == field
    return info.value.message


# --- full_name ---


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Anna Svensson", "Anna Svensson"),
        ("  Anna   Svensson  ", "Anna Svensson"),
        ("Anna\tSvensson", "Anna Svensson"),
        ("Anna-Karin Öberg", "Anna-Karin Öberg"),
        ("Åsa Ek", "Åsa Ek"),
        ("Seán O'Brien", "Seán O'Brien"),
        ("Maria José García López", "Maria José García López"),
        ("Anne\u0301 Ek", "Anné Ek"),  # combining accent composed (NFC)
    ],
)
def test_name_accepted(value, expected):
    assert fields.full_name(value) == expected


@pytest.mark.parametrize("value", ["Anna", "Svensson", "Anna Svensson 2", "Anna 12345", "A. 1"])
def test_name_needs_two_words_and_no_digits(value):
    assert "för- och efternamn" in _refused(fields.full_name, value, "full_name")


@pytest.mark.parametrize("value", ["", "   ", None])
def test_name_empty(value):
    assert "namn får inte vara tomt" in _refused(fields.full_name, value, "full_name")


def test_name_length_limit():
    assert fields.full_name("A" * 49 + " " + "B" * 50) == "A" * 49 + " " + "B" * 50  # 100 characters
    assert "högst 100 tecken" in _refused(fields.full_name, "A" * 50 + " " + "B" * 50, "full_name")


# --- control characters, in every field ---

CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u202e", "\u2066"]
VALID = {
    "full_name": (fields.full_name, "Anna {}Svensson"),
    "address": (fields.address, "Storgatan 1{}, 123 45 Karlstad"),
    "position": (fields.position, "Handläggare{}"),
    "grounds": (fields.grounds, "Jag har längre erfarenhet{} av handläggning än den som anställdes."),
    "appointee": (fields.appointee, "Anställningen{} som handläggare"),
}


@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
@pytest.mark.parametrize("field", list(VALID))
def test_control_characters_refused(field, char):
    function, template = VALID[field]
    function(template.format(""))  # the same text without the character is fine
    assert "otillåtna tecken" in _refused(function, template.format(char), field)


# --- address ---


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Storgatan 1, 123 45 Karlstad", ("Storgatan 1", "123 45 Karlstad")),
        ("Storgatan 1\n12345 Karlstad", ("Storgatan 1", "12345 Karlstad")),
        ("  Storgatan 1 ,  123 45   Karlstad ", ("Storgatan 1", "123 45 Karlstad")),
        (
            "c/o Berg\r\nStorgatan 1 lgh 1102\r\n652 25 Karlstad",
            ("c/o Berg", "Storgatan 1 lgh 1102", "652 25 Karlstad"),
        ),
        ("Storgatan 1\n\n\n123 45 Karlstad", ("Storgatan 1", "123 45 Karlstad")),
        ("Storgatan 1\r123 45 Karlstad", ("Storgatan 1", "123 45 Karlstad")),  # a lone carriage return
    ],
)
def test_address_lines(value, expected):
    assert fields.address(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "Storgatan 1",
        "Storgatan 1, Karlstad",
        "123 45 Karlstad, Storgatan 1",
        "Storgatan 1, 1234 Karlstad",
        "a, b, c, d, e, 123 45 Karlstad",
    ],
    ids=["one-line", "no-postcode", "postcode-first", "short-postcode", "six-lines"],
)
def test_address_incomplete(value):
    assert "postnummer och ort" in _refused(fields.address, value, "address")


def test_address_lengths():
    assert "minst 8 tecken" in _refused(fields.address, "a,1", "address")
    long_street = "Storgatan " + "1" * 180
    assert "högst 200 tecken" in _refused(fields.address, f"{long_street}, 123 45 Karlstad", "address")


# --- position ---


def test_position():
    assert fields.position("  Handläggare   inom  sjukförsäkring ") == "Handläggare inom sjukförsäkring"
    assert fields.position("IT") == "IT"
    assert fields.position("x" * 150) == "x" * 150
    assert "minst 2 tecken" in _refused(fields.position, "H", "position")
    assert "högst 150 tecken" in _refused(fields.position, "x" * 151, "position")
    assert "får inte vara tomt" in _refused(fields.position, " \n ", "position")


# --- grounds ---


def test_grounds_keeps_paragraphs():
    text = "  Jag har   längre erfarenhet. \r\n\r\n\r\n\r\n Och bättre\tutbildning.  "
    assert fields.grounds(text) == "Jag har längre erfarenhet.\n\nOch bättre utbildning."


def test_grounds_unicode_line_separators_become_line_breaks():
    text = "Jag har längre erfarenhet.\u2028Och bättre utbildning."
    assert fields.grounds(text) == "Jag har längre erfarenhet.\nOch bättre utbildning."


def test_grounds_lengths():
    assert fields.grounds("x" * 10) == "x" * 10
    assert fields.grounds("x" * 5000) == "x" * 5000
    assert "minst 10 tecken" in _refused(fields.grounds, "x" * 9, "grounds")
    assert "högst 5000 tecken" in _refused(fields.grounds, "x" * 5001, "grounds")
    assert "skäl för överklagandet får inte vara tomt" in _refused(fields.grounds, "\n\n", "grounds")


# --- appointee ---


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_appointee_optional(value):
    assert fields.appointee(value) is None


def test_appointee():
    assert fields.appointee("  Anställning  2 av 3 ") == "Anställning 2 av 3"
    assert "minst 2 tecken" in _refused(fields.appointee, "x", "appointee")
    assert "högst 200 tecken" in _refused(fields.appointee, "x" * 201, "appointee")
    assert fields.appointee("x" * 200) == "x" * 200


# --- e-mail, phone, documents, town ---


@pytest.mark.parametrize("value", ["anna@exempel.se", " anna.svensson+jobb@post.exempel.se ", "åsa@exempel.nu"])
def test_email_accepted(value):
    assert fields.email(value) == value.strip()


@pytest.mark.parametrize("value", ["anna@exempel", "anna.exempel.se", "anna svensson@exempel.se", "a@b@c.se"])
def test_email_refused(value):
    assert _refused(fields.email, value, "email") == messages.EMAIL_INVALID


@pytest.mark.parametrize("value", ["054-540 10 00", "+46 (0)54 540 10 00", "0701234567"])
def test_phone_accepted(value):
    assert fields.phone(value) == value


@pytest.mark.parametrize("value", ["ring mig", "054-54", "+46 70 123 45 67 89 01 23", "070/123 45 67"])
def test_phone_refused(value):
    assert _refused(fields.phone, value, "phone") == messages.PHONE_INVALID


def test_document_is_cleaned_and_bounded():
    assert fields.document("  cv   för den som fick jobbet ") == "cv för den som fick jobbet"
    assert "för kort" in _refused(fields.document, "cv", "documents")
    assert "för långt" in _refused(fields.document, "x" * 201, "documents")


@pytest.mark.parametrize(
    "lines, town",
    [(("Storgatan 1", "652 24 KARLSTAD"), "Karlstad"), (("Box 1", "194 30 Upplands Väsby"), "Upplands Väsby")],
)
def test_town_after_the_postcode(lines, town):
    assert fields.town(lines) == town


@pytest.mark.parametrize(
    "value, expected", [(None, None), ("", None), ("  ", None), ("anna@exempel.se", "anna@exempel.se")]
)
def test_an_optional_field_is_read_only_when_given(value, expected):
    assert fields.optional(fields.email, value) == expected


def test_an_optional_field_given_is_checked():
    assert _refused(lambda value: fields.optional(fields.email, value), "anna.se", "email") == messages.EMAIL_INVALID
