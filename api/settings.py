"""API settings, read from the environment (prefix `API_`) with defaults that work out of the box."""
from __future__ import annotations

from functools import lru_cache

from pydantic import BaseSettings


class Settings(BaseSettings):
    # The zone whose calendar date is "today" when a request does not give one. Appeal deadlines run
    # on Swedish calendar days, so a server clock in UTC must not shift them by a day around midnight.
    timezone: str = "Europe/Stockholm"

    class Config:
        env_prefix = "API_"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
