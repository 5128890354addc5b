import datetime as dt
from typing import Callable

import pytest
from cryptography.fernet import Fernet

from hiring_rules.sealing_key import KEY_ENV


@pytest.fixture
def sealing_key(monkeypatch) -> Callable[[], None]:
    """A sealing key of the test's own (PNR_SEALING_KEY); calling the fixture's value sets another
    one, as a process with a different key would have."""

    def use_a_new_key() -> None:
        monkeypatch.setenv(KEY_ENV, Fernet.generate_key().decode("ascii"))

    use_a_new_key()
    return use_a_new_key


@pytest.fixture
def server_today() -> dt.date:
    """The date the API treats as today when a request does not give one."""
    return dt.date(2026, 6, 1)


@pytest.fixture
def tracker_db(tmp_path_factory, monkeypatch):
    """The SQLite file of the tracker store the API erases in (RASA_ENDPOINTS names it), in a folder of
    its own; Rasa's store creates it when a test writes a conversation, until then it does not exist."""
    from api.settings import get_settings

    folder = tmp_path_factory.mktemp("tracker-store")
    endpoints = folder / "endpoints.yml"
    db = folder / "tracker.db"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n", encoding="utf-8")
    monkeypatch.setenv("RASA_ENDPOINTS", str(endpoints))
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


@pytest.fixture
def api_client(server_today, tracker_db):
    """A TestClient of the API with the server's date fixed and a tracker store of the test's own;
    entering it runs the startup (registry load, retention)."""
    from fastapi.testclient import TestClient

    from api.dependencies import get_today
    from api.main import app

    app.dependency_overrides[get_today] = lambda: server_today
    with TestClient(app) as client:
        yield client
    app.dependency_overrides.clear()
