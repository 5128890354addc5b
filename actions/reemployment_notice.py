"""The registration of företrädesrätt in conversation: `reemployment_notice_form`, its summary and the
link to the letter (hiring_rules.reemployment_notice).

Offered after a walk-through that finds the right at an employer that requires registration
(actions/reemployment_form.py), or written on request for any employer. The form reuses the appeal
form's slots and readers for the shared fields (name, address, personnummer, position) and the
walk-through's last day of employment; the personnummer arrives sealed (bot/channels.py) and is opened
only in memory. The full letter is served by GET /api/letters/reemployment-notice/<token>.<fmt>, the
token holding the conversation id encrypted (hiring_rules.letter_link), as for the appeal letter.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import sealing
from hiring_rules.agencies import default_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.reemployment_notice import FIELD_NAMES, build_reemployment_notice, request_from_slots
from hiring_rules.swedish_format import plain_date

from . import clock
from .appeal_form import ActionCorrectAppealField, FieldAnswers, Slots, checked_answer, recognised_agency
from .letter import masked_personnummer, show_letter

FORM = "reemployment_notice_form"
NOTICE_URL = "/api/letters/reemployment-notice/{token}.pdf"
# Set by action_assess_reemployment when it offers the notice; the rules of the answer to the offer
# test it (data/rules/reemployment_notice.yml).
OFFERED_SLOT = "reemployment_notice_offered"
# What "avbryt" forgets; `agency` belongs to the conversation.
FORGOTTEN_ON_STOP = tuple(name for name in FIELD_NAMES if name != "agency")


def _ask_again(field: str) -> list[dict]:
    return [SlotSet(field, None), FollowupAction(FORM)]


class ValidateReemploymentNoticeForm(FieldAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_reemployment_notice_form"

    def validate_agency(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        """Any employer of the registry: where it states no registration requirement, a notice still
        does no harm."""
        return {"agency": recognised_agency(value, tracker, dispatcher)}

    def validate_employment_ended_on(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return checked_answer("employment_ended_on", value, dispatcher)

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return checked_answer("contact", value, dispatcher)


class ActionCorrectReemploymentNoticeField(ActionCorrectAppealField):
    """A correction of the registration ("fel mejl, det är ...", a button after "Nej, ändra"): the
    appeal's, among the registration's fields ("fel datum" is the last day of employment)."""

    letter_fields = FIELD_NAMES

    def name(self) -> str:
        return "action_correct_reemployment_notice_field"


class ActionReemploymentNoticeSummary(Action):
    """Runs when the form is done: every field for the user to confirm (Ja / Nej, ändra), the
    personnummer masked."""

    def name(self) -> str:
        return "action_reemployment_notice_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        personnummer_masked = masked_personnummer(tracker, dispatcher)
        if personnummer_masked is None:
            return _ask_again("personnummer")
        ended_on = tracker.get_slot("employment_ended_on")
        dispatcher.utter_message(
            response="utter_reemployment_notice_summary",
            agency_name=default_registry().get(tracker.get_slot("agency")).display_name,
            ended_on_text=plain_date(dt.date.fromisoformat(ended_on)),
            personnummer_masked=personnummer_masked,
        )
        return [SlotSet(OFFERED_SLOT, None)]


class ActionReemploymentNoticeLetter(Action):
    """The user confirmed the summary: a preview of the notice with the personnummer masked, and the
    link to the PDF."""

    def name(self) -> str:
        return "action_reemployment_notice_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        try:
            notice = build_reemployment_notice(
                request_from_slots(tracker.current_slot_values()), clock.today_in_sweden()
            )
        except sealing.SealError:
            dispatcher.utter_message(response="utter_appeal_personnummer_unreadable")
            return _ask_again("personnummer")
        except InvalidInput as exc:  # e.g. the right ran out since the end date was given
            dispatcher.utter_message(text=exc.message)
            return _ask_again(exc.field)
        show_letter(dispatcher, tracker, notice, "utter_reemployment_notice", NOTICE_URL)
        return []


class ActionDeclineReemploymentNotice(Action):
    """The user declined the offer: forget the end date the walk-through kept for it."""

    def name(self) -> str:
        return "action_decline_reemployment_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(response="utter_reemployment_notice_declined")
        return [SlotSet("employment_ended_on", None), SlotSet(OFFERED_SLOT, None)]


class ActionStopReemploymentNotice(Action):
    """"avbryt" during the form: forget its answers, so the next notice starts afresh."""

    def name(self) -> str:
        return "action_stop_reemployment_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(response="utter_stopped")
        return [SlotSet(slot, None) for slot in (*FORGOTTEN_ON_STOP, OFFERED_SLOT)]
