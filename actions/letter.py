"""From the filled appeal form to the letter: the summary to confirm, then deadline, preview and link.

The sealed personnummer is opened here only in memory, to build the letter; what the chat shows (and
the tracker stores) has it masked. The full letter is the PDF the web front serves from
`/api/letters/<token>.pdf`: the token (hiring_rules.letter_link) holds the conversation id, encrypted,
and expires after 24 hours. The registration of företrädesrätt (actions/reemployment_notice.py) is shown
and linked the same way (`show_letter`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import letter_link, sealing
from hiring_rules.agencies import default_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import AppealLetter, NoAppealRoute, build_letter, request_from_slots
from hiring_rules.letter_render import render
from hiring_rules.reemployment_notice import ReemploymentNotice
from hiring_rules.swedish_format import plain_date

from . import clock
from .appeal_form import FORM_SLOTS
from .deadline import explain_unknown_posting_date, tell_deadline

LETTER_URL = "/api/letters/{token}.pdf"
NOT_GIVEN = "–"  # shown in the summary for an optional field left empty


def _one_message(letter_text: bytes) -> str:
    """The letter as one chat message: Rasa's output channels split a text at every blank line, so a
    blank line of the letter keeps a space."""
    return re.sub(r"\n(?=\n)", "\n ", letter_text.decode("utf-8").strip())


def masked_personnummer(tracker: Tracker, dispatcher: CollectingDispatcher) -> str | None:
    """The sealed personnummer slot opened in memory and masked, for a summary; None after telling the
    user it cannot be read (then the form asks for it again)."""
    try:
        return sealing.mask(sealing.unseal(tracker.get_slot("personnummer") or ""))
    except sealing.SealError:
        dispatcher.utter_message(response="utter_appeal_personnummer_unreadable")
        return None


def show_letter(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    document: AppealLetter | ReemploymentNotice,
    responses: str,
    url: str,
) -> None:
    """A letter written in the chat: `<responses>_preview` with the letter, its personnummer masked,
    then `<responses>_link` with the link (`url` with the conversation's token) to the full letter."""
    masked = dataclasses.replace(document, personnummer=sealing.mask(document.personnummer))
    preview = _one_message(render(masked, "txt"))
    dispatcher.utter_message(response=f"{responses}_preview", letter_text=preview)
    dispatcher.utter_message(
        response=f"{responses}_link",
        letter_url=url.format(token=letter_link.issue(tracker.sender_id, clock.now())),
        link_hours=letter_link.LIFETIME_HOURS,
        agency_name=document.agency.display_name,
    )


def _ask_again(field: str) -> list[dict]:
    """Clear one field and let the form ask for it."""
    return [SlotSet(field, None), FollowupAction("appeal_form")]


def _no_letter(dispatcher: CollectingDispatcher, agency_name: str) -> list[dict]:
    dispatcher.utter_message(text=NoAppealRoute(agency_name).message)
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionAppealSummary(Action):
    """Runs when the form is done: every field for the user to confirm (Ja / Nej, ändra), or, for an
    employer without the state appeal route, why there is no letter."""

    def name(self) -> str:
        return "action_appeal_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        agency = default_registry().get(tracker.get_slot("agency"))
        if not agency.state_appeal_route:
            return _no_letter(dispatcher, agency.display_name)
        personnummer_masked = masked_personnummer(tracker, dispatcher)
        if personnummer_masked is None:
            return _ask_again("personnummer")
        posted_on = tracker.get_slot("decision_posted_on")
        dispatcher.utter_message(
            response="utter_appeal_summary",
            agency_name=agency.display_name,
            personnummer_masked=personnummer_masked,
            posted_on_text=plain_date(dt.date.fromisoformat(posted_on)) if posted_on else NOT_GIVEN,
            appointee_text=tracker.get_slot("appointee") or NOT_GIVEN,
        )
        return []


class ActionAppealLetter(Action):
    """The user confirmed the summary: the deadline (with a warning when it is close or has passed), a
    preview of the letter with the personnummer masked, and the link to the PDF."""

    def name(self) -> str:
        return "action_appeal_letter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        agency = default_registry().get(tracker.get_slot("agency"))
        if not agency.state_appeal_route:
            return _no_letter(dispatcher, agency.display_name)
        try:
            letter = build_letter(request_from_slots(tracker.current_slot_values()), clock.today_in_sweden())
        except sealing.SealError:
            dispatcher.utter_message(response="utter_appeal_personnummer_unreadable")
            return _ask_again("personnummer")
        except InvalidInput as exc:  # a field the form checked alone, wrong together with another
            dispatcher.utter_message(text=exc.message)
            return _ask_again(exc.field)

        if letter.deadline is not None:
            tell_deadline(dispatcher, letter.deadline, letter.agency.key)
        else:
            dispatcher.utter_message(response="utter_appeal_deadline_needs_date")
            explain_unknown_posting_date(dispatcher, letter.agency.key)
        show_letter(dispatcher, tracker, letter, "utter_appeal_letter", LETTER_URL)
        return []
