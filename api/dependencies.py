"""Values the routers receive through `Depends`: the employer registry, today's date and the current
instant; the one place the API reads the clock."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fastapi import Depends

from hiring_rules.agencies import Registry, default_registry

from .settings import Settings, get_settings


def get_registry() -> Registry:
    return default_registry()


def get_today(settings: Settings = Depends(get_settings)) -> dt.date:
    """The server's date in the configured zone, read once per request; the core never reads the clock."""
    return dt.datetime.now(ZoneInfo(settings.timezone)).date()


def get_now() -> dt.datetime:
    """The current instant (UTC), for what expires: letter links, retention, rate limits."""
    return dt.datetime.now(dt.timezone.utc)
