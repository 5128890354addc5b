import datetime as dt
import stat
import unicodedata

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_rules import sealing
from hiring_rules import sealing_key
from hiring_rules.sealing_key import KEY_ENV, KEY_FILE_ENV
from hiring_rules.errors import InvalidInput
from hiring_rules.identity import compact, normalise_personnummer

NUMBER = "19811218-9876"


@pytest.fixture(autouse=True)
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "var" / "pnr.key"
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.setenv(KEY_FILE_ENV, str(path))
    return path


def test_round_trip():
    token = sealing.seal(NUMBER)
    assert token.startswith("⟦pnr:") and token.endswith("⟧")
    assert "9876" not in token and "811218" not in token
    assert sealing.unseal(token) == NUMBER


def test_same_number_gives_different_tokens():
    assert sealing.seal(NUMBER) != sealing.seal(NUMBER)


def test_altered_token_is_refused():
    token = sealing.seal(NUMBER)
    position = len("⟦pnr:") + 30
    altered = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1:]
    with pytest.raises(sealing.SealError):
        sealing.unseal(altered)


def test_token_from_another_key_is_refused(monkeypatch):
    token = sealing.seal(NUMBER)
    monkeypatch.setenv(KEY_ENV, Fernet.generate_key().decode())
    with pytest.raises(sealing.SealError):
        sealing.unseal(token)


@pytest.mark.parametrize("text", ["", "19811218-9876", "pnr:abc", "⟦pnr:not-a-token⟧"])
def test_non_tokens_are_refused(text):
    with pytest.raises(sealing.SealError):
        sealing.unseal(text)


def test_key_from_environment_is_used_instead_of_the_file(monkeypatch, key_file):
    key = Fernet.generate_key()
    monkeypatch.setenv(KEY_ENV, key.decode())
    token = sealing.seal(NUMBER)
    assert not key_file.exists()
    assert Fernet(key).decrypt(token[len("⟦pnr:"):-1].encode()).decode() == NUMBER


def test_key_file_is_created_private_and_reused(key_file):
    token = sealing.seal(NUMBER)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    sealing_key._key_for.cache_clear()  # a new process reads the same file
    assert sealing.unseal(token) == NUMBER
    assert list(key_file.parent.iterdir()) == [key_file]


def test_every_number_in_a_text_is_sealed():
    numbers = [
        "811218-9876", "198112189876", "19811218 - 9876", "811218+9876", "7010632391", "19701063-2391",
        "81 12 18-98 76", "1981 1218 9876",
    ]
    text = "Mitt nummer: " + ", och ".join(numbers) + "."
    sealed = sealing.seal_text(text)
    tokens = sealing.tokens_in(sealed)
    assert [sealing.unseal(token) for token in tokens] == numbers
    digits_left = "".join(ch for ch in sealed if ch.isdigit())
    for number in numbers:
        assert "".join(ch for ch in number if ch.isdigit()) not in digits_left
    assert sealed.startswith("Mitt nummer: ⟦pnr:") and sealed.endswith("⟧.")


@pytest.mark.parametrize(
    "text",
    [
        "FK 2026/012345",
        "2.3.4-2026-5566",
        "MIG-2026-1234",
        "2026-123456",
        "Ring 0771-524 440",
        "Beslutet anslogs 2026-11-10",
        "Storgatan 1, 123 45 Karlstad",
        "1234567890123",
        "81121-9876",
        "jag heter Anna",
    ],
)
def test_other_text_is_left_alone(text):
    assert sealing.seal_text(text) == text


def test_mask_hides_the_birth_date_and_the_last_four():
    assert sealing.mask(NUMBER) == "********-**76"


@settings(max_examples=60, deadline=None)
@given(
    twelve_digits=st.booleans(),
    separator=st.sampled_from(["", "-", "+"]),
    gaps=st.lists(st.sampled_from(["", "", " ", "  ", "\t"]), min_size=13, max_size=13),
)
def test_whatever_the_core_accepts_is_sealed(twelve_digits, separator, gaps):
    digits = "198112189876" if twelve_digits else "8112189876"
    chars = list(digits[:-4]) + [separator] + list(digits[-4:])
    typed = "".join(ch + gap for ch, gap in zip(chars, gaps)).strip()
    normalise_personnummer(typed)  # the core accepts it as a personnummer ...
    sealed = sealing.seal_text(f"det är {typed}.")
    outside_token = sealed.replace(sealing.tokens_in(sealed)[0], "")
    assert not any(ch.isdigit() for ch in outside_token)  # ... so it is sealed
    assert len(sealing.tokens_in(sealed)) == 1


def test_refuse_personnummer_names_the_field():
    sealing.refuse_personnummer("grounds", "Jag har längre erfarenhet än den som fick jobbet.")
    with pytest.raises(InvalidInput) as caught:
        sealing.refuse_personnummer("grounds", "Mitt personnummer är " + sealing.seal(NUMBER))
    assert caught.value.field == "grounds"
    assert "skäl för överklagandet" in caught.value.message


# --- any spelling: separators, Unicode dashes and digits, zero-width characters, surrounding text ---
_SEPARATORS = [
    " ", "-", "/", "_", ".", ",", ":", "+", "\u00a0", "\u202f", "\u2009", "\t", "\u2010", "\u2011", "\u2012",
    "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d", "\u200b", "\u200c", "\u200d", "\u2060",
    "\ufeff", "\u00ad",
]
_DIGIT_FORMS = [lambda d: d, lambda d: chr(0xFF10 + int(d)), lambda d: chr(0x0660 + int(d)),
                lambda d: chr(0x1D7CE + int(d))]


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


@st.composite
def typed_numbers(draw):
    """A valid personnummer or samordningsnummer, typed in any of the ways people (and keyboards) do."""
    born = draw(st.dates(min_value=dt.date(1927, 1, 1), max_value=dt.date(2012, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)
    serial = f"{draw(st.integers(1, 999)):03d}"  # 000 is never issued
    ten = f"{born:%y%m}{day:02d}{serial}"
    ten += _luhn_digit(ten)
    digits = (f"{born.year // 100}" + ten) if draw(st.booleans()) else ten
    gaps = draw(st.lists(
        st.lists(st.sampled_from(_SEPARATORS), max_size=2).map("".join), min_size=len(digits) - 1,
        max_size=len(digits) - 1,
    ))
    form = draw(st.sampled_from(_DIGIT_FORMS))
    typed = "".join(form(d) + (gaps[i] if i < len(gaps) else "") for i, d in enumerate(digits))
    return ten, typed


_PROSE = st.text(alphabet=st.sampled_from(list("abcåäö ÅÄÖ,.:!?()\n\"'-")), max_size=12)


@settings(max_examples=400, deadline=None)
@given(number=typed_numbers(), before=_PROSE, after=_PROSE)
def test_no_spelling_of_a_number_survives_sealing(number, before, after):
    ten, typed = number
    text = f"{before} {typed} {after}"
    sealed = sealing.seal_text(text)
    tokens = sealing.tokens_in(sealed)
    outside = sealed
    for token in tokens:
        outside = outside.replace(token, "")
    assert not any(unicodedata.normalize("NFKC", ch).isdecimal() for ch in outside), (typed, sealed)
    opened = "".join(sealing.unseal(token) for token in tokens)
    assert ten in compact(opened).replace("+", "")


@settings(max_examples=200, deadline=None)
@given(number=typed_numbers())
def test_the_form_reads_what_the_channel_sealed(number):
    """Whatever spelling is sealed opens to a number the form field accepts (no dead ends)."""
    ten, typed = number
    normalised = normalise_personnummer(sealing.unseal(sealing.tokens_in(sealing.seal_text(typed))[0]),
                                        dt.date(2026, 12, 1))
    assert normalised.replace("-", "")[-10:] == ten
