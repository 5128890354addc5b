"""The secret in the chat letter's download link, `/api/letters/<token>.pdf`.

The token is the conversation id encrypted with Fernet (authenticated encryption with a timestamp), so
the link reveals neither the id nor anything else, a changed token is refused, and a token stops
working LIFETIME after it was made. The conversation id itself gives no letter: it is also what the
chat posts to and what erasing a conversation takes, and it outlives the 24 hours.

The key is derived (HKDF) from the personnummer sealing key: the action server makes the links and the
API opens them, and both already share that key (PNR_SEALING_KEY_FILE or PNR_SEALING_KEY). A separate
derived key keeps the two kinds of token apart: a sealed personnummer is never accepted as a link.
The functions take the time as an argument; nothing here reads the clock.
"""
from __future__ import annotations

import base64
import datetime as dt
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from . import sealing_key

LIFETIME_HOURS = 24
LIFETIME = dt.timedelta(hours=LIFETIME_HOURS)
_PURPOSE = b"overklaga-assistent: letter download link v1"
# Fernet's URL-safe base64 without its '=' padding, which a link would have to escape. The token of a
# conversation id of up to 64 characters has at most 183; the cap only bounds what is decoded.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,400}")


class LinkInvalid(ValueError):
    """Not a link token made with this key, altered, or older than LIFETIME."""


def issue(conversation_id: str, now: dt.datetime) -> str:
    """The token for the letter of `conversation_id`, valid from `now` for LIFETIME."""
    token = _fernet().encrypt_at_time(conversation_id.encode("utf-8"), int(now.timestamp()))
    return token.decode("ascii").rstrip("=")


def conversation_of(token: str, now: dt.datetime) -> str:
    """The conversation id inside `token` at time `now`; LinkInvalid when there is none (any reason)."""
    if not _TOKEN.fullmatch(token):
        raise LinkInvalid()
    padded = token + "=" * (-len(token) % 4)
    try:
        plain = _fernet().decrypt_at_time(padded, int(LIFETIME.total_seconds()), int(now.timestamp()))
        return plain.decode("utf-8")
    except (InvalidToken, UnicodeDecodeError):
        raise LinkInvalid() from None


def _fernet() -> Fernet:
    return _fernet_from(sealing_key.key())


@lru_cache(maxsize=4)
def _fernet_from(sealing_key: bytes) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        base64.urlsafe_b64decode(sealing_key)
    )
    return Fernet(base64.urlsafe_b64encode(derived))
