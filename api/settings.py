"""API settings, read from the environment (prefix `API_`, except the two the whole service shares) with
defaults that work out of the box. `make run` also reads a `.env` file into the environment."""
from __future__ import annotations

from functools import lru_cache

from pydantic import BaseSettings, Field


class Settings(BaseSettings):
    # The zone whose calendar date is "today" when a request does not give one. Appeal deadlines run
    # on Swedish calendar days, so a server clock in UTC must not shift them by a day around midnight.
    timezone: str = "Europe/Stockholm"
    # The Rasa server whose REST channel the chat proxy posts to (listens on localhost only), or the
    # workers of one bot, comma-separated (`make run` starts two: api/rasa_client.py).
    rasa_url: str = "http://127.0.0.1:5005"
    # Seconds to open the connection to Rasa, and to wait for its whole answer. A turn that runs a
    # custom action (the letter, a deadline) takes longer than an FAQ answer; past the limit the chat
    # gets a 503 rather than a hanging request.
    rasa_connect_timeout: float = 2.0
    rasa_timeout: float = 30.0
    # Rasa's HTTP API (`--enable-api`, the conversation tracker the letter download reads) wants this
    # token; `make run` creates it once in var/rasa-token and passes it as API_RASA_TOKEN.
    rasa_token: str = ""
    # The action server, asked only by /health.
    actions_url: str = "http://127.0.0.1:5055"
    # Seconds /health waits for each component before calling it unavailable.
    health_timeout: float = 2.0
    # The endpoints file Rasa is started with (supervisord.conf): the API erases conversations in the
    # tracker store it names. Same variable as Rasa's, so the two cannot point at different stores.
    rasa_endpoints: str = Field("bot/endpoints.yml", env="RASA_ENDPOINTS")
    # Days a conversation is kept after its latest event, then deleted (api/retention.py). A setting of
    # the whole service rather than of the API alone, hence no API_ prefix.
    conversation_retention_days: int = Field(30, ge=1, env="CONVERSATION_RETENTION_DAYS")

    class Config:
        env_prefix = "API_"

    @property
    def rasa_urls(self) -> list[str]:
        """`rasa_url`, one URL per worker.

        >>> Settings(rasa_url="http://127.0.0.1:5011, http://127.0.0.1:5012").rasa_urls
        ['http://127.0.0.1:5011', 'http://127.0.0.1:5012']
        """
        return [url.strip() for url in self.rasa_url.split(",") if url.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
