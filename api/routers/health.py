from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from hiring_rules.agencies import Registry

from ..dependencies import get_registry
from ..schemas import HealthResponse

router = APIRouter(tags=["health"])


def component_statuses(registry: Registry = Depends(get_registry)) -> dict[str, str]:
    """Status per component, "ok" when it works. A new component (Rasa, action server) adds an entry."""
    return {"api": "ok", "registry": "ok" if len(registry) else "empty"}


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Hälsokontroll / Health check",
    responses={503: {"model": HealthResponse, "description": "En del fungerar inte / a component is down"}},
)
def health(response: Response, components: dict[str, str] = Depends(component_statuses)) -> dict:
    healthy = all(status == "ok" for status in components.values())
    if not healthy:
        response.status_code = 503
    return {"status": "ok" if healthy else "degraded", "components": components}
