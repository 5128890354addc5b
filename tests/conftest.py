import datetime as dt

import pytest


@pytest.fixture
def server_today() -> dt.date:
    """The date the API treats as today when a request does not give one."""
    return dt.date(2026, 6, 1)


@pytest.fixture
def api_client(server_today):
    """A TestClient of the API with the server's date fixed; entering it runs the startup (registry load)."""
    from fastapi.testclient import TestClient

    from api.dependencies import get_today
    from api.main import app

    app.dependency_overrides[get_today] = lambda: server_today
    with TestClient(app) as client:
        yield client
    app.dependency_overrides.clear()
