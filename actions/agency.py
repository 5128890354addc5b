"""Custom slot mapping for `agency`: which employer the conversation is about."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules.agencies import default_registry
from hiring_rules.errors import InvalidInput

AGENCY_SLOT = "agency"


def _known_key(value: Any) -> str | None:
    try:
        return default_registry().get(str(value)).key
    except InvalidInput:
        return None


def agency_named_in(message: dict, *, read_text: bool = True) -> str | None:
    """The employer key a parsed user message gives: its metadata {"agency": key} first, then an
    `agency` entity (buttons send one), then (when `read_text`) the employer its text names; None when
    it names none."""
    from_metadata = (message.get("metadata") or {}).get(AGENCY_SLOT)
    if from_metadata and _known_key(from_metadata):
        return _known_key(from_metadata)
    for entity in message.get("entities") or []:
        if entity.get("entity") == AGENCY_SLOT and _known_key(entity.get("value")):
            return _known_key(entity.get("value"))
    named = default_registry().match(message.get("text") or "") if read_text else None
    return named.key if named else None


def _answers_another_question(tracker: Tracker) -> bool:
    """A form is asking for something other than the employer: the text is that answer (an address in
    Karlstad, grounds that mention "kommunen"), not the employer."""
    requested = tracker.get_slot("requested_slot")
    return tracker.active_loop_name is not None and requested not in (None, AGENCY_SLOT)


class ActionExtractAgency(Action):
    """Sets `agency` only when the message names an employer other than the current one.

    A message that names none leaves the slot as it is (an employer given by metadata or an earlier
    message stays), and repeating the current one sets nothing, so a form that asked something else still
    sees that its own question went unanswered. While a form asks for anything but the employer, only
    metadata and buttons count.
    """

    def name(self) -> str:
        return "action_extract_agency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        key = agency_named_in(tracker.latest_message, read_text=not _answers_another_question(tracker))
        if key is None or key == tracker.get_slot(AGENCY_SLOT):
            return []
        return [SlotSet(AGENCY_SLOT, key)]
