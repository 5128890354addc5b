"""Where Rasa keeps the conversations: the SQL tracker store of a Rasa endpoints file, as an SQLAlchemy URL.

This reads the very file Rasa is started with (RASA_ENDPOINTS) the way Rasa 3.6 reads it, without
importing Rasa into the API: `${VAR}` in a value comes from the environment (unset is an error, as in
Rasa), and the keys build the URL as `SQLTrackerStore.get_db_url` does (`url` is the host, or a whole
database URL; then `port`, `db`, `username`, `password`, `query`). A relative SQLite path is relative
to the working directory, which for Rasa and the API is the repository (supervisord.conf). Rasa's
POSTGRESQL_SCHEMA is not followed: the events table must be in the default schema.
tests/api/test_conversation_store.py checks the result against Rasa's own functions.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

import yaml
from sqlalchemy.engine import URL, make_url

_VARIABLE = re.compile(r"\$\{([^}]*)\}")


# Rasa's SQL tracker store, by its name in Rasa and as the project's subclass (bot/tracker_store.py), whose
# rows are the same.
SQL_TRACKER_STORES = ("sql", "bot.tracker_store.leansqltrackerstore")


class TrackerStoreConfigError(ValueError):
    """The endpoints file is missing or names no SQL tracker store; its message is for the operator."""


def tracker_store_url(endpoints_file: str | Path, environ: Mapping[str, str] = os.environ) -> URL:
    path = Path(endpoints_file)
    try:
        endpoints = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise TrackerStoreConfigError(f"{path}: no such endpoints file (RASA_ENDPOINTS)") from None
    store = endpoints.get("tracker_store") or {}
    if str(store.get("type", "")).lower() not in SQL_TRACKER_STORES:
        raise TrackerStoreConfigError(
            f"{path}: the tracker store is not Rasa's SQL tracker store, which is the only one whose "
            "conversations the API can erase and expire"
        )
    config = {key: _substituted(value, environ, path) for key, value in store.items()}
    host, port = config.get("url"), config.get("port")
    if host and "://" in host:
        return make_url(host)
    if host:
        parsed = urlsplit(f"scheme://{host}")
        host, port = parsed.hostname or host, parsed.port or port
    return URL.create(
        config.get("dialect", "sqlite"),
        username=config.get("username"),
        password=config.get("password"),
        host=host,
        port=int(port) if port else None,
        database=config.get("db", "rasa.db"),
        query=config.get("query") or {},
    )


def _substituted(value: Any, environ: Mapping[str, str], path: Path) -> Any:
    if not isinstance(value, str):
        return value

    def variable(match: re.Match) -> str:
        if match[1] not in environ:
            raise TrackerStoreConfigError(f"{path}: the environment variable {match[1]} is not set")
        return environ[match[1]]

    return _VARIABLE.sub(variable, value)
