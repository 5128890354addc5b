"""The letter link's token (hiring_rules.letter_link): the conversation id inside, encrypted, valid for
24 hours from the time it was made (a fake clock: the functions take `now`)."""
import datetime as dt

import pytest

from hiring_rules import letter_link, sealing

MADE = dt.datetime(2026, 11, 10, 14, 0, tzinfo=dt.timezone.utc)
CONVERSATION = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"


pytestmark = pytest.mark.usefixtures("sealing_key")


def test_round_trip_within_the_lifetime():
    token = letter_link.issue(CONVERSATION, MADE)
    assert letter_link.conversation_of(token, MADE) == CONVERSATION
    assert letter_link.conversation_of(token, MADE + letter_link.LIFETIME) == CONVERSATION


def test_expired_after_24_hours():
    token = letter_link.issue(CONVERSATION, MADE)
    assert letter_link.LIFETIME == dt.timedelta(hours=letter_link.LIFETIME_HOURS) == dt.timedelta(hours=24)
    with pytest.raises(letter_link.LinkInvalid):
        letter_link.conversation_of(token, MADE + dt.timedelta(hours=24, seconds=1))


def test_a_token_fits_a_link_and_hides_the_id():
    token = letter_link.issue("a" * 64, MADE)
    assert len(token) <= 183 and "=" not in token
    assert all(character.isalnum() or character in "-_" for character in token)
    assert CONVERSATION not in letter_link.issue(CONVERSATION, MADE)
    assert letter_link.issue(CONVERSATION, MADE) != letter_link.issue(CONVERSATION, MADE)  # random IV


def test_another_sealing_key_opens_nothing(sealing_key):
    token = letter_link.issue(CONVERSATION, MADE)
    sealing_key()
    with pytest.raises(letter_link.LinkInvalid):
        letter_link.conversation_of(token, MADE)


def test_the_link_key_is_not_the_sealing_key():
    token = letter_link.issue(CONVERSATION, MADE)
    with pytest.raises(sealing.SealError):
        sealing.unseal(f"⟦pnr:{token}{'=' * (-len(token) % 4)}⟧")


@pytest.mark.parametrize("token", ["", "x", "a" * 401, "abc.def", "åäö", "gAAAAAB" + "A" * 100])
def test_anything_else_is_refused(token):
    with pytest.raises(letter_link.LinkInvalid):
        letter_link.conversation_of(token, MADE)
