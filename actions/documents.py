"""The request for public documents in conversation: `documents_form` and the link to the letter.

The position and the diarienummer are the appeal form's slots and are read the same way
(`appeal_form.checked_answer`); the letter itself is written by
GET /api/letters/documents-request/download (hiring_rules.documents_request) from the three values in
the link, which hold no personal data.
"""
from __future__ import annotations

from urllib.parse import urlencode

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules.agencies import default_registry

from .appeal_form import FieldAnswers
from .named_action import NamedAction

DOCUMENTS_URL = "/api/letters/documents-request/download?{query}"


class ValidateDocumentsForm(FieldAnswers, FormValidationAction):
    """Any employer of the registry (FieldAnswers.validate_agency): a kommun's documents are public too."""

    def name(self) -> str:
        return "validate_documents_form"


class ActionDocumentsRequestLink(NamedAction):
    action_name = "action_documents_request_link"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        agency = default_registry().get(tracker.get_slot("agency"))
        query = urlencode({
            "agency": agency.key,
            "position": tracker.get_slot("position"),
            "diarienummer": tracker.get_slot("diarienummer"),
            "format": "pdf",
        })
        dispatcher.utter_message(
            response="utter_documents_request_link",
            agency_name=agency.display_name,
            documents_url=DOCUMENTS_URL.format(query=query),
        )
        if agency.state_appeal_route:  # a kommun's decision has no appeal time to run
            dispatcher.utter_message(response="utter_documents_appeal_running")
        return []
