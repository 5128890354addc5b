import stat

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring_rules import sealing
from hiring_rules.errors import InvalidInput
from hiring_rules.identity import normalise_personnummer

NUMBER = "19811218-9876"


@pytest.fixture(autouse=True)
def key_file(tmp_path, monkeypatch):
    path = tmp_path / "var" / "pnr.key"
    monkeypatch.delenv(sealing.KEY_ENV, raising=False)
    monkeypatch.setenv(sealing.KEY_FILE_ENV, str(path))
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
    monkeypatch.setenv(sealing.KEY_ENV, Fernet.generate_key().decode())
    with pytest.raises(sealing.SealError):
        sealing.unseal(token)


@pytest.mark.parametrize("text", ["", "19811218-9876", "pnr:abc", "⟦pnr:not-a-token⟧"])
def test_non_tokens_are_refused(text):
    with pytest.raises(sealing.SealError):
        sealing.unseal(text)


def test_key_from_environment_is_used_instead_of_the_file(monkeypatch, key_file):
    key = Fernet.generate_key()
    monkeypatch.setenv(sealing.KEY_ENV, key.decode())
    token = sealing.seal(NUMBER)
    assert not key_file.exists()
    assert Fernet(key).decrypt(token[len("⟦pnr:"):-1].encode()).decode() == NUMBER


def test_key_file_is_created_private_and_reused(key_file):
    token = sealing.seal(NUMBER)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    sealing._fernet_for.cache_clear()  # a new process reads the same file
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


def test_mask_hides_the_last_four_digits():
    assert sealing.mask(NUMBER) == "19811218-****"


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
