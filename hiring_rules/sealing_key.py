"""The key that seals a personnummer (hiring_rules.sealing): the adapter that reads it from the
environment or its file.

The key is $PNR_SEALING_KEY (a Fernet key), else the file $PNR_SEALING_KEY_FILE (default
`var/pnr.key` in the repository), created with mode 0600 on first use. Every process that seals or
unseals (Rasa server, action server, API) must see the same key.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet

KEY_ENV = "PNR_SEALING_KEY"
KEY_FILE_ENV = "PNR_SEALING_KEY_FILE"
DEFAULT_KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "pnr.key"


def key() -> bytes:
    """The sealing key (a Fernet key). Keys for other purposes are derived from it
    (hiring_rules.letter_link), so the processes that share this key need no second secret."""
    return _key_for(os.environ.get(KEY_ENV), os.environ.get(KEY_FILE_ENV) or str(DEFAULT_KEY_FILE))


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
