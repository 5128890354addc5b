"""The appeal deadline in conversation: the posting date as the user writes it, and the answer.

Used on its own (intent compute_deadline -> `deadline_form` -> `action_tell_appeal_deadline`) and by the
appeal form and letter, so the chat gives one answer wherever the question comes up.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import messages
from hiring_rules.agencies import Agency, default_registry
from hiring_rules.contacts import describe_hr_contacts
from hiring_rules.dates import date_in_answer
from hiring_rules.deadline import Deadline, Urgency, appeal_deadline, check_posted_on
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import NoAppealRoute
from hiring_rules.sealing import refuse_personnummer
from hiring_rules.swedish_format import long_date

from . import clock
from .conversation_state import (
    DEADLINE_TOPIC, NOTICE_ENTITY, PLANNED_POSTING_ENTITY, POSTED_ON_SLOT, TOPIC_SLOT, latest_posting_among,
)
from .named_action import NamedAction

# GET /api/deadline.ics on the server the chat page comes from (api/routers/deadline.py).
CALENDAR_URL = "/api/deadline.ics?posted_on={posted_on}&agency={agency}"

_DONT_KNOW = re.compile(
    r"^(?:nej\W*)?(?:jag\s+)?(?:vet\s+(?:inte|ej)|ingen\s+aning|minns\s+inte|kommer\s+inte\s+ihåg|"
    r"har\s+ingen\s+aning|osäker|oklart|okänt)\b"
)


def posted_on_from_text(text: Any, today: dt.date) -> str:
    """The posting day as an ISO date, or "" when the user does not know it (the slot is then filled,
    so the form goes on without it); InvalidInput for a date that cannot be read, does not exist or lies
    ahead."""
    answer = str(text or "").strip()
    if answer == "" or _DONT_KNOW.match(answer.lower()):
        return ""
    refuse_personnummer(POSTED_ON_SLOT, answer)
    posted_on = date_in_answer(answer, today, field=POSTED_ON_SLOT, allow_future=True)
    return check_posted_on(posted_on, today, POSTED_ON_SLOT).isoformat()


def tell_deadline(dispatcher: CollectingDispatcher, deadline: Deadline, agency_key: str | None) -> None:
    """The last day with its reason, a warning when it has passed or is close, and while it is ahead a
    link that puts it in the user's calendar (with the employer's appeal address). For a posting still
    to come, that the time runs only once the decision is posted."""
    dispatcher.utter_message(response="utter_appeal_deadline", explanation=deadline.explanation)
    last_day = long_date(deadline.last_day)
    if deadline.planned:
        posted_on = long_date(deadline.posted_on)
        dispatcher.utter_message(response="utter_appeal_deadline_planned", posted_on=posted_on)
        return
    if deadline.urgency is Urgency.PASSED:
        dispatcher.utter_message(response="utter_appeal_deadline_passed", deadline_date=last_day)
    elif deadline.urgency is Urgency.TODAY:
        dispatcher.utter_message(response="utter_appeal_deadline_today")
    elif deadline.urgency is Urgency.SOON:
        dispatcher.utter_message(response="utter_appeal_deadline_soon", deadline_date=last_day)
    else:
        dispatcher.utter_message(response="utter_appeal_deadline_days_left", days_left=deadline.days_left)
    appealable = agency_key is not None and default_registry().get(agency_key).state_appeal_route
    if appealable and deadline.urgency is not Urgency.PASSED:
        url = CALENDAR_URL.format(posted_on=deadline.posted_on.isoformat(), agency=agency_key)
        dispatcher.utter_message(response="utter_appeal_deadline_calendar", calendar_url=url)


def tell_deadline_of(
    dispatcher: CollectingDispatcher, posted_on: str, agency_key: str | None, *, planned: bool = False
) -> None:
    """`tell_deadline` for a posting day as the slot holds it (an ISO date), or for a `planned` one
    still ahead, counted from today."""
    deadline = appeal_deadline(dt.date.fromisoformat(posted_on), clock.today_in_sweden(), planned=planned)
    tell_deadline(dispatcher, deadline, agency_key)


def posting_ahead_in_message(tracker: Tracker) -> str | None:
    """The posting day still ahead (ISO) that the latest message gives ("det ska anslås 10 december")."""
    latest = [("entities", tracker.latest_message.get("entities") or [])]
    return latest_posting_among(latest).get(PLANNED_POSTING_ENTITY)


def planned_posting_day(tracker: Tracker) -> str | None:
    """The posting day still ahead the conversation counts from; no slot keeps it, so "varför inte 25
    december?" after its last day still means it."""
    return latest_posting_among(_steps(tracker.events)).get(PLANNED_POSTING_ENTITY)


def _steps(events: list[dict]):
    for event in events:
        if event.get("event") == "user":
            yield "entities", (event.get("parse_data") or {}).get("entities") or []
        elif event.get("event") == "slot" and event.get("name") == POSTED_ON_SLOT:
            yield "posted_on", event.get("value")


def tell_known_deadline(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Tells the last day when the conversation knows the posting day (or the latest message gives one
    still ahead) and the employer has an appeal route; False, and nothing said, otherwise."""
    if _employer_without_appeal_route(tracker.get_slot("agency")) is not None:
        return False
    latest = latest_posting_among(_steps(tracker.events))
    if latest.get(PLANNED_POSTING_ENTITY):
        tell_deadline_of(dispatcher, latest[PLANNED_POSTING_ENTITY], tracker.get_slot("agency"), planned=True)
        return True
    posted_on = tracker.get_slot(POSTED_ON_SLOT)
    if not posted_on:
        return False
    tell_deadline_of(dispatcher, posted_on, tracker.get_slot("agency"))
    if latest.get(NOTICE_ENTITY) == posted_on:  # "fick nej igår": counted from the day heard of it
        dispatcher.utter_message(response="utter_appeal_deadline_from_notice")
    return True


def explain_unknown_posting_date(dispatcher: CollectingDispatcher, agency_key: str | None) -> None:
    """From which day the three weeks run, where that employer posts its decisions and whom to ask."""
    agency = default_registry().get(agency_key) if agency_key else None
    if agency is None or not agency.state_appeal_route:
        dispatcher.utter_message(response="utter_appeal_posting_date_unknown")
        return
    dispatcher.utter_message(
        response="utter_appeal_posting_date_unknown_at_agency",
        agency_name=agency.display_name,
        notice_board=agency.notice_board,
        contacts=describe_hr_contacts(agency.hr_contacts),
    )


def _employer_without_appeal_route(agency_key: str | None) -> Agency | None:
    agency = default_registry().get(agency_key) if agency_key else None
    return agency if agency is not None and not agency.state_appeal_route else None


class ValidateDeadlineForm(FormValidationAction):
    def name(self) -> str:
        return "validate_deadline_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> list[str]:
        """No date to ask for at a kommun, whose hiring decisions have no state appeal deadline, nor when
        the question gives a posting day still ahead."""
        if _employer_without_appeal_route(tracker.get_slot("agency")) or planned_posting_day(tracker):
            return []
        return domain_slots

    def validate_decision_posted_on(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> dict[str, Any]:
        if value == "":  # left unknown in the appeal form: this question is the time to ask for it
            return {POSTED_ON_SLOT: None}
        try:
            return {POSTED_ON_SLOT: posted_on_from_text(value, clock.today_in_sweden())}
        except InvalidInput as exc:
            dispatcher.utter_message(text=exc.message)
            return {POSTED_ON_SLOT: None}


class ActionTellAppealDeadline(NamedAction):
    """Answers compute_deadline: the deadline when the posting day is known, else how to find it."""

    action_name = "action_tell_appeal_deadline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        kommun = _employer_without_appeal_route(tracker.get_slot("agency"))
        if kommun is not None:
            no_route = NoAppealRoute(kommun.display_name, messages.NO_ROUTE_NO_DEADLINE)
            dispatcher.utter_message(text=no_route.message)
            return [SlotSet(TOPIC_SLOT, DEADLINE_TOPIC)]  # "hur kommer det sig?" asks why there is none
        if tell_known_deadline(dispatcher, tracker):
            return [SlotSet(TOPIC_SLOT, DEADLINE_TOPIC)]
        dispatcher.utter_message(response="utter_appeal_deadline_needs_date")
        explain_unknown_posting_date(dispatcher, tracker.get_slot("agency"))
        if tracker.active_loop_name == "appeal_form":
            return []  # the form asks for the date itself
        return [SlotSet(POSTED_ON_SLOT, None)]  # "vet inte" was this question's answer: ask anew next time
