"""Personnummer in free text: sealed before anything stores or logs it.

Every personnummer or samordningsnummer however it is typed (`identity.personnummer_spans`: any
separators, Unicode dashes and digits, zero-width characters; a mistyped check digit too) is replaced
by a token `⟦pnr:<Fernet token>⟧`. Fernet is authenticated encryption, so a token reveals nothing
without the key and a changed token is refused.

The key comes from `sealing_key`, the one module that reads the environment and the key file for it.
"""
from __future__ import annotations

import re

from cryptography.fernet import Fernet, InvalidToken

from . import messages
from .errors import InvalidInput
from .identity import redact_personnummer
from .sealing_key import key

_TOKEN = re.compile(r"⟦pnr:(?P<token>[A-Za-z0-9_\-=]+)⟧")


class SealError(ValueError):
    """A token that was not sealed with this key, or was changed after sealing."""


def seal(value: str) -> str:
    """`value` as a token that can be stored and logged."""
    token = _fernet().encrypt(value.encode("utf-8")).decode("ascii")
    return f"⟦pnr:{token}⟧"


def unseal(sealed: str) -> str:
    """The value inside a token made by `seal`; SealError when it is not one or was altered."""
    match = _TOKEN.fullmatch(sealed.strip())
    if not match:
        raise SealError("not a sealed personnummer token")
    try:
        return _fernet().decrypt(match["token"].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise SealError("the token was not sealed with this key or has been altered") from None


def seal_text(text: str) -> str:
    """`text` with every personnummer-like digit sequence replaced by its token."""
    return redact_personnummer(text, seal)


def tokens_in(text: str) -> list[str]:
    """The tokens in `text`, in order."""
    return [match.group(0) for match in _TOKEN.finditer(text or "")]


def refuse_personnummer(field: str, text: str) -> None:
    """InvalidInput when `text`, the answer for another field, holds a sealed personnummer."""
    if tokens_in(text):
        raise InvalidInput(field, messages.PERSONNUMMER_NOT_HERE.format(label=messages.FIELD_LABELS[field]))


def mask(personnummer: str) -> str:
    """A normalised personnummer (YYYYMMDD-XXXX) for display: only its last two digits, enough for its
    owner to recognise it. The birth date is hidden too: the masked form is stored in the bot's events.

    >>> mask("19811218-9876")
    '********-**76'
    """
    return "********-**" + personnummer[-2:]


def _fernet() -> Fernet:
    return Fernet(key())
