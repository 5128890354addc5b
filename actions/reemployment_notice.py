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

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules.swedish_format import plain_date

from .appeal_form import ActionCorrectAppealField, FieldAnswers, checked_validation
from .letter import WriteLetter, ask_again, show_summary
from .letter_slots import NOTICE_SLOTS, reemployment_notice
from .named_action import NamedAction

FORM = "reemployment_notice_form"
NOTICE_URL = "/api/letters/reemployment-notice/{token}.pdf"
# Set by action_assess_reemployment when it offers the notice; the rules of the answer to the offer
# test it (data/rules/reemployment_notice.yml).
OFFERED_SLOT = "reemployment_notice_offered"
# What "avbryt" forgets; `agency` belongs to the conversation.
FORGOTTEN_ON_STOP = tuple(name for name in NOTICE_SLOTS if name != "agency")


class ValidateReemploymentNoticeForm(FieldAnswers, FormValidationAction):
    """The employer may be any of the registry (FieldAnswers'): where it states no registration
    requirement, a notice still does no harm."""

    validate_employment_ended_on = checked_validation("employment_ended_on")
    validate_contact = checked_validation("contact")

    def name(self) -> str:
        return "validate_reemployment_notice_form"


class ActionCorrectReemploymentNoticeField(ActionCorrectAppealField):
    """A correction of the registration ("fel mejl, det är ...", a button after "Nej, ändra"): the
    appeal's, among the registration's fields ("fel datum" is the last day of employment)."""

    letter_fields = NOTICE_SLOTS
    action_name = "action_correct_reemployment_notice_field"


class ActionReemploymentNoticeSummary(NamedAction):
    """Runs when the form is done: every field for the user to confirm (Ja / Nej, ändra), the
    personnummer masked."""

    action_name = "action_reemployment_notice_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        ended_on = tracker.get_slot("employment_ended_on")
        shown = show_summary(
            dispatcher,
            tracker,
            "utter_reemployment_notice_summary",
            ended_on_text=plain_date(dt.date.fromisoformat(ended_on)),
        )
        return [SlotSet(OFFERED_SLOT, None)] if shown else ask_again(FORM, "personnummer")


class ActionReemploymentNoticeLetter(WriteLetter):
    """The registration (refused, and its end date asked again, when the right ran out since the end
    date was given)."""

    action_name = "action_reemployment_notice_letter"
    form = FORM
    responses = "utter_reemployment_notice"
    url = NOTICE_URL

    build = staticmethod(reemployment_notice)


class ActionDeclineReemploymentNotice(NamedAction):
    """The user declined the offer: forget the end date the walk-through kept for it."""

    action_name = "action_decline_reemployment_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(response="utter_reemployment_notice_declined")
        return [SlotSet("employment_ended_on", None), SlotSet(OFFERED_SLOT, None)]


class ActionStopReemploymentNotice(NamedAction):
    """"avbryt" during the form: forget its answers, so the next notice starts afresh."""

    action_name = "action_stop_reemployment_notice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(response="utter_stopped")
        return [SlotSet(slot, None) for slot in (*FORGOTTEN_ON_STOP, OFFERED_SLOT)]
