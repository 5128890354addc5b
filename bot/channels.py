"""The REST channel with personnummer sealed at the door.

Identical to Rasa's `rest` channel (same name, so the URL stays /webhooks/rest/webhook) except that
every personnummer, however it is typed, in the message text (button payloads are text too) and in
metadata, keys and values alike, is replaced by a sealed token (`hiring_rules.sealing`) before Rasa
parses, logs or stores anything.
"""
from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from hiring_rules.sealing import seal_text


def _seal_strings(value: Any) -> Any:
    if isinstance(value, str):
        return seal_text(value)
    if isinstance(value, dict):
        return {_seal_strings(key): _seal_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_seal_strings(item) for item in value]
    return value


class RedactingRestInput(RestInput):
    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return seal_text(text) if isinstance(text, str) else text

    def get_metadata(self, request: Request) -> Optional[dict]:
        return _seal_strings(super().get_metadata(request))
