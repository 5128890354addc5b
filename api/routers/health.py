"""GET /health: one status per component, "ok" or why not; 200 when all are ok, else 503."""
from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Depends, Response

from hiring_rules.agencies import Registry

from ..dependencies import get_rasa_http, get_registry
from ..rasa_client import RasaServers
from ..schemas import HealthResponse
from ..settings import Settings, get_settings

router = APIRouter(tags=["health"])

OK = "ok"
UNAVAILABLE = "unavailable"
DEGRADED = "degraded"  # some of several Rasa workers answer: the chat works, on fewer workers


async def _status_of(http: httpx.AsyncClient, url: str, params: dict[str, str], timeout: float) -> str:
    """The status of the service at `url`: ok when it answers 200 within `timeout`, else unavailable."""
    try:
        response = await http.get(url, params=params, timeout=timeout)
    except httpx.HTTPError:
        return UNAVAILABLE
    return OK if response.status_code == 200 else UNAVAILABLE


async def service_statuses(
    http: httpx.AsyncClient = Depends(get_rasa_http), settings: Settings = Depends(get_settings)
) -> dict[str, str]:
    """Rasa (`/status` of every worker: up, model loaded, token accepted) and the action server, asked
    in parallel."""
    token = {"token": settings.rasa_token} if settings.rasa_token else {}
    *workers, actions = await asyncio.gather(
        *(_status_of(http, url + "/status", token, settings.health_timeout)
          for url in RasaServers(settings.rasa_urls).urls),
        _status_of(http, settings.actions_url.rstrip("/") + "/health", {}, settings.health_timeout),
    )
    return {"rasa": _status_of_all(workers), "action_server": actions}


def _status_of_all(workers: list[str]) -> str:
    """ok when every worker is, unavailable when none is, else degraded."""
    if all(status == OK for status in workers):
        return OK
    return DEGRADED if OK in workers else UNAVAILABLE


def component_statuses(
    registry: Registry = Depends(get_registry), services: dict[str, str] = Depends(service_statuses)
) -> dict[str, str]:
    """Status per component, "ok" when it works."""
    return {"api": OK, "registry": OK if len(registry) else "empty", **services}


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Hälsokontroll / Health check",
    responses={503: {"model": HealthResponse, "description": "En del fungerar inte / a component is down"}},
)
def health(response: Response, components: dict[str, str] = Depends(component_statuses)) -> dict:
    healthy = all(status == OK for status in components.values())
    if not healthy:
        response.status_code = 503
    return {"status": "ok" if healthy else "degraded", "components": components}
