"""From the filled appeal form to the letter: the summary to confirm, then deadline, preview and link.

The sealed personnummer is opened here only in memory, to build the letter; what the chat shows (and
the tracker stores) has it masked. The full letter is the PDF the web front serves from
`/api/letters/<token>.pdf`: the token (hiring_rules.letter_link) holds the conversation id, encrypted,
and expires after 24 hours. The registration of företrädesrätt (actions/reemployment_notice.py) is shown
the same way: its summary (`show_summary`) and its letter (`WriteLetter`).
"""
from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import re
from typing import ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import letter_link, sealing
from hiring_rules.agencies import default_registry
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import AppealLetter, NoAppealRoute
from hiring_rules.letter_render import Letter, render
from hiring_rules.reemployment_notice import ReemploymentNotice
from hiring_rules.swedish_format import plain_date

from . import clock
from .appeal_form import FORM_SLOTS
from .conversation_state import POSTED_ON_SLOT, TOPIC_SLOT
from .deadline import explain_unknown_posting_date, tell_deadline
from .letter_slots import appeal_letter
from .named_action import NamedAction

FORM = "appeal_form"
LETTER_URL = "/api/letters/{token}.pdf"
NOT_GIVEN = "–"  # shown in the summary for an optional field left empty


def _one_message(letter_text: bytes) -> str:
    """The letter as one chat message: Rasa's output channels split a text at every blank line, so a
    blank line of the letter keeps a space."""
    return re.sub(r"\n(?=\n)", "\n ", letter_text.decode("utf-8").strip())


def ask_again(form: str, field: str) -> list[dict]:
    """Clear one field and let `form` ask for it."""
    return [SlotSet(field, None), FollowupAction(form)]


def show_summary(dispatcher: CollectingDispatcher, tracker: Tracker, response: str, **fields: str) -> bool:
    """A letter's summary for the user to confirm: `response` with the employer's name, the sealed
    personnummer opened in memory and masked, and `fields`. False after telling the user that the
    personnummer cannot be read (the form then asks for it again)."""
    try:
        personnummer = sealing.unseal(tracker.get_slot("personnummer") or "")
    except sealing.SealError:
        dispatcher.utter_message(response="utter_appeal_personnummer_unreadable")
        return False
    dispatcher.utter_message(
        response=response,
        agency_name=default_registry().get(tracker.get_slot("agency")).display_name,
        personnummer_masked=sealing.mask(personnummer),
        **fields,
    )
    return True


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


class WriteLetter(NamedAction):
    """The user confirmed a letter's summary: the letter from the form's slots, then a preview with
    the personnummer masked and the link (`show_letter`). A field the letter cannot take after all (a
    personnummer sealed with another key, a field wrong together with another) is asked again."""

    form: ClassVar[str]
    responses: ClassVar[str]  # `<responses>_preview`, `<responses>_link`
    url: ClassVar[str]

    @abc.abstractmethod
    def build(self, slots: dict, today: dt.date) -> Letter:
        """The letter of the form's `slots`; InvalidInput or sealing.SealError when it cannot be."""

    def tell_before_preview(self, dispatcher: CollectingDispatcher, document: Letter) -> None:
        """What the chat says about the letter before its preview: nothing, unless a letter says more."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        try:
            document = self.build(tracker.current_slot_values(), clock.today_in_sweden())
        except sealing.SealError:
            dispatcher.utter_message(response="utter_appeal_personnummer_unreadable")
            return ask_again(self.form, "personnummer")
        except InvalidInput as exc:
            dispatcher.utter_message(text=exc.message)
            return ask_again(self.form, exc.field)
        self.tell_before_preview(dispatcher, document)
        show_letter(dispatcher, tracker, document, self.responses, self.url)
        return []


def _ended_without_appeal_route(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict] | None:
    """For an employer without the state appeal route (a kommun): why there is no letter, and the events
    that forget the form's answers and keep the appeal as the topic ("hur kommer det sig?" follows it);
    None for an employer with the route."""
    agency = default_registry().get(tracker.get_slot("agency"))
    if agency.state_appeal_route:
        return None
    dispatcher.utter_message(text=NoAppealRoute(agency.display_name).message)
    return [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet(TOPIC_SLOT, "appeal_how")]


class ActionAppealSummary(NamedAction):
    """Runs when the form is done: every field for the user to confirm (Ja / Nej, ändra), or, for an
    employer without the state appeal route, why there is no letter."""

    action_name = "action_appeal_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        ended = _ended_without_appeal_route(dispatcher, tracker)
        if ended is not None:
            return ended
        posted_on = tracker.get_slot(POSTED_ON_SLOT)
        shown = show_summary(
            dispatcher,
            tracker,
            "utter_appeal_summary",
            posted_on_text=plain_date(dt.date.fromisoformat(posted_on)) if posted_on else NOT_GIVEN,
            appointee_text=tracker.get_slot("appointee") or NOT_GIVEN,
        )
        return [] if shown else ask_again(FORM, "personnummer")


class ActionAppealLetter(WriteLetter):
    """The appeal: first the deadline (with a warning when it is close or has passed), then the letter;
    for an employer without the state appeal route, why there is none."""

    action_name = "action_appeal_letter"
    form = FORM
    responses = "utter_appeal_letter"
    url = LETTER_URL

    build = staticmethod(appeal_letter)

    def tell_before_preview(self, dispatcher: CollectingDispatcher, document: AppealLetter) -> None:
        if document.deadline is not None:
            tell_deadline(dispatcher, document.deadline, document.agency.key)
        else:
            dispatcher.utter_message(response="utter_appeal_deadline_needs_date")
            explain_unknown_posting_date(dispatcher, document.agency.key)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        ended = _ended_without_appeal_route(dispatcher, tracker)
        return ended if ended is not None else await super().run(dispatcher, tracker, domain)
