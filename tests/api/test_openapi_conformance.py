"""The OpenAPI document against the app itself: schemathesis generates requests for every operation
(the schema's examples, the edges of every constraint, random valid and invalid data) and runs all its
checks on every response: no server error, status codes, content types, headers and bodies as
documented, invalid data refused.

In-process over ASGI, with Rasa and the action server stubbed, so it needs neither. The number of
generated examples per operation is bounded and the seed fixed (tests/schemathesis.toml), so a run
is repeatable and takes seconds.
"""
from pathlib import Path

import httpx
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from api.main import app
from api.dependencies import get_rasa_client, get_tracker_client
from api.rasa_client import RasaClient, RasaServers
from api.routers.health import service_statuses
from api.tracker_client import TrackerClient

CONFIG = SchemathesisConfig.from_path(Path(__file__).with_name("schemathesis.toml"))

schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


def _stub(answer: object) -> httpx.AsyncClient:
    """An HTTP client whose every request gets `answer` as JSON."""
    return httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(200, json=answer)))


@pytest.fixture(autouse=True)
def stubbed_services(api_client):
    """Rasa answers every message, knows no conversation, and /health finds every component up; the
    app runs with the date and the tracker store of `api_client`."""
    servers = RasaServers(["http://rasa.test"])
    rasa = RasaClient(_stub([{"recipient_id": "x", "text": "Hej!"}]), servers, httpx.Timeout(1.0))
    tracker = TrackerClient(_stub({"events": []}), servers, "", httpx.Timeout(1.0))
    app.dependency_overrides.update(
        {
            get_rasa_client: lambda: rasa,
            get_tracker_client: lambda: tracker,
            service_statuses: lambda: {"rasa": "ok", "action_server": "ok"},
        }
    )


@schema.parametrize()
def test_every_operation_conforms_to_the_openapi_document(case):
    case.call_and_validate()
