"""Which employer a parsed user message names: the one rule behind the `agency` slot.

Shared by the NLU component that fills the slot (bot/agency.py) and the forms' validators
(appeal_form.py, reemployment_form.py). Free of Rasa and rasa-sdk imports, so either side can use it.
"""
from __future__ import annotations

from typing import Any

from hiring_rules.agencies import default_registry
from hiring_rules.errors import InvalidInput

AGENCY_SLOT = "agency"


def _known_key(value: Any) -> str | None:
    try:
        return default_registry().get(str(value)).key
    except InvalidInput:
        return None


def agency_chosen_in(message: dict, *, read_text: bool = True) -> str | None:
    """The employer key a parsed user message chooses: an `agency` entity (buttons send one), then
    (when `read_text`) the employer its text names; None when it chooses none."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == AGENCY_SLOT and _known_key(entity.get("value")):
            return _known_key(entity.get("value"))
    named = default_registry().match(message.get("text") or "") if read_text else None
    return named.key if named else None


def page_agency(message: dict) -> str | None:
    """The employer whose page the chat is embedded on: the message's metadata {"agency": key}."""
    from_metadata = (message.get("metadata") or {}).get(AGENCY_SLOT)
    return _known_key(from_metadata) if from_metadata else None


def agency_named_in(message: dict, *, read_text: bool = True) -> str | None:
    """The employer a parsed user message chooses, or else the page's; None when it gives none."""
    return agency_chosen_in(message, read_text=read_text) or page_agency(message)


def answers_another_question(active_loop: str | None, requested_slot: str | None) -> bool:
    """A form is asking for something other than the employer: the text is that answer (an address in
    Karlstad, grounds that mention "kommunen"), not the employer."""
    return active_loop is not None and requested_slot not in (None, AGENCY_SLOT)


def agency_to_set(
    message: dict, current: str | None, active_loop: str | None, requested_slot: str | None
) -> str | None:
    """The employer the slot should change to after `message`, or None to leave it as it is.

    What the user chooses (a button, or an employer the text names: "och till Migrationsverket då?" on
    Försäkringskassan's page) wins over the page the chat is on, which only gives the employer while none
    is known: the next message from the same page does not take the user's choice back. A message that
    names none leaves the slot as it is, and repeating the current one changes nothing, so a form that
    asked something else still sees that its own question went unanswered. While a form asks for
    anything but the employer, only buttons and the page count.
    """
    chosen = agency_chosen_in(message, read_text=not answers_another_question(active_loop, requested_slot))
    if chosen:
        return None if chosen == current else chosen
    return page_agency(message) if current is None else None
