"""GET /health asks Rasa and the action server: fakes (httpx MockTransport) answer, fail or time out."""
import httpx
import pytest

from api.main import app
from api.settings import Settings, get_settings
from api.dependencies import get_rasa_http
from stack.processes import free_port

RASA = "http://rasa.test"
ACTIONS = "http://actions.test"
TOKEN = "s3cret-token"


class FakeServices:
    """Rasa's /status (200 only with the right token) and the action server's /health."""

    def __init__(self):
        self.rasa = lambda request: httpx.Response(
            200 if request.url.params.get("token") == TOKEN else 401, json={"model_id": "x"}
        )
        self.actions = lambda request: httpx.Response(200, json={"status": "ok"})
        self.asked: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(f"{request.url.host}{request.url.path}")
        if request.url.host.startswith("rasa") and request.url.path == "/status":
            return self.rasa(request)
        if request.url.host == "actions.test" and request.url.path == "/health":
            return self.actions(request)
        return httpx.Response(404)


@pytest.fixture
def services(api_client):
    fake = FakeServices()
    http = httpx.AsyncClient(transport=httpx.MockTransport(fake.handle))
    app.dependency_overrides[get_rasa_http] = lambda: http
    app.dependency_overrides[get_settings] = lambda: Settings(
        rasa_url=RASA, actions_url=ACTIONS, rasa_token=TOKEN, health_timeout=0.5
    )
    return fake


def test_all_components_ok(api_client, services):
    response = api_client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "components": {"api": "ok", "registry": "ok", "rasa": "ok", "action_server": "ok"},
    }
    assert sorted(services.asked) == ["actions.test/health", "rasa.test/status"]


@pytest.mark.parametrize(
    "service, component, error",
    [
        ("rasa", "rasa", httpx.ConnectError),
        ("actions", "action_server", httpx.ReadTimeout),  # does not answer in time
    ],
)
def test_a_service_down_is_unavailable_and_the_others_ok(api_client, services, service, component, error):
    def fail(request):
        raise error("no answer", request=request)

    setattr(services, service, fail)
    response = api_client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    others = {"api": "ok", "registry": "ok", "rasa": "ok", "action_server": "ok"}
    assert body["components"] == {**others, component: "unavailable"}


def test_rasa_refusing_the_token_is_unavailable(api_client, services):
    app.dependency_overrides[get_settings] = lambda: Settings(
        rasa_url=RASA, actions_url=ACTIONS, rasa_token="wrong", health_timeout=0.5
    )
    response = api_client.get("/health")
    assert response.status_code == 503
    assert response.json()["components"]["rasa"] == "unavailable"


def test_nothing_listening_is_unavailable(api_client):
    port = free_port()  # closed again: nothing listens there
    app.dependency_overrides[get_settings] = lambda: Settings(
        rasa_url=f"http://127.0.0.1:{port}", actions_url=f"http://127.0.0.1:{port}", health_timeout=0.5
    )
    response = api_client.get("/health")
    assert response.status_code == 503
    components = response.json()["components"]
    assert (components["rasa"], components["action_server"]) == ("unavailable", "unavailable")


def test_every_rasa_worker_is_asked_and_one_down_of_two_is_degraded(api_client, services):
    app.dependency_overrides[get_settings] = lambda: Settings(
        rasa_url=f"{RASA}, http://rasa-2.test", actions_url=ACTIONS, rasa_token=TOKEN, health_timeout=0.5
    )
    assert api_client.get("/health").json()["components"]["rasa"] == "ok"
    assert sorted(services.asked) == ["actions.test/health", "rasa-2.test/status", "rasa.test/status"]

    answer = services.rasa

    def second_down(request):
        if request.url.host == "rasa-2.test":
            raise httpx.ConnectError("refused", request=request)
        return answer(request)

    services.rasa = second_down
    response = api_client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "components": {"api": "ok", "registry": "ok", "rasa": "degraded", "action_server": "ok"},
    }
