"""Human handoff: the chat has no staff behind it, so the assistant gives the employer's HR contacts."""
from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules.agencies import default_registry
from hiring_rules.contacts import describe_hr_contacts

from .named_action import NamedAction


class ActionHumanHandoff(NamedAction):
    action_name = "action_human_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        key = tracker.get_slot("agency")
        if key is None:
            dispatcher.utter_message(response="utter_ask_handoff_agency")
            return []
        agency = default_registry().get(key)
        dispatcher.utter_message(
            response="utter_hr_contacts",
            employer=agency.display_name,
            contacts=describe_hr_contacts(agency.hr_contacts),
        )
        return []
