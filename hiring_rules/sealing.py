"""Personnummer in free text: sealed before anything stores or logs it.

Every personnummer or samordningsnummer however it is typed (`identity.personnummer_spans`: any
separators, Unicode dashes and digits, zero-width characters; a mistyped check digit too) is replaced
by a token `⟦pnr:<Fernet token>⟧`. Fernet is authenticated encryption, so a token reveals nothing
without the key and a changed token is refused.

The key is $PNR_SEALING_KEY (a Fernet key), else the file $PNR_SEALING_KEY_FILE (default
`var/pnr.key` in the repository), created with mode 0600 on first use. Every process that seals or
unseals (Rasa server, action server, API) must see the same key.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from . import messages
from .errors import InvalidInput
from .identity import redact_personnummer

KEY_ENV = "PNR_SEALING_KEY"
KEY_FILE_ENV = "PNR_SEALING_KEY_FILE"
DEFAULT_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "pnr.key"

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


def key() -> bytes:
    """The sealing key (a Fernet key). Keys for other purposes are derived from it
    (hiring_rules.letter_link), so the processes that share this key need no second secret."""
    return _key_for(os.environ.get(KEY_ENV), os.environ.get(KEY_FILE_ENV) or str(DEFAULT_KEY_FILE))


def _fernet() -> Fernet:
    return Fernet(key())


@lru_cache(maxsize=4)
def _key_for(key: str | None, key_file: str) -> bytes:
    return key.encode("ascii") if key else _read_or_create_key(Path(key_file))


def _read_or_create_key(path: Path) -> bytes:
    """The key in `path`; on first use a new key, written so that concurrent first users agree."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(Fernet.generate_key())
            try:
                os.link(draft, path)  # atomic: the first process to link wins, the others read its key
            except FileExistsError:
                pass
        finally:
            os.unlink(draft)
    return path.read_bytes().strip()
