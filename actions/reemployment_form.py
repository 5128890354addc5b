"""The företrädesrätt walk-through: `reemployment_form` validation and the verdict at its end."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules import answers, messages
from hiring_rules.agencies import Agency, default_registry
from hiring_rules.contacts import describe_hr_contacts
from hiring_rules.dates import date_in_answer
from hiring_rules.errors import InvalidInput
from hiring_rules.reemployment import FACTS, Verdict, assess_priority, facts_needed
from hiring_rules.swedish_format import plain_date

from .agency import agency_named_in
from .clock import today_in_sweden
from .conversation_state import REEMPLOYMENT_ASSESSED_SLOT, TOPIC_SLOT, UNSURE_INTENT
from .reemployment_notice import OFFERED_SLOT as NOTICE_OFFERED_SLOT

# The form's own slots (the core's facts), kept after the verdict for a "what if", cleared when a new
# walk-through starts and on "avbryt"; `agency` belongs to the conversation.
WALK_THROUGH_SLOTS = FACTS

# The topic of a conversation on the walk-through, from its start: "hur länge gäller den?" and "hur gör
# man?" asked during it or after its verdict are about företrädesrätt (FOLLOWUPS in actions/faq.py).
WALK_THROUGH_TOPIC = "reemployment_info"

# Intents that data/rules/reemployment.yml answers in the middle of the form before asking again.
HANDED_OVER_INTENTS = frozenset({
    "faq", "human_handoff", "out_of_scope", "bot_challenge", "followup_time", "followup_why", "followup_next",
    "followup_how", "followup_clarify", UNSURE_INTENT,
})

Today = Callable[[], dt.date]
Slots = dict[str, Any]


def _asks_something_else(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("intent") or {}).get("name") in HANDED_OVER_INTENTS


def _hands_over(tracker: Tracker) -> bool:
    """NLU took the message for another question and it is phrased as one ("vad räknas som
    arbetsbrist?"): the rules answer it, even if an option word occurs in it."""
    return _asks_something_else(tracker) and answers.is_question(tracker.latest_message.get("text"))


def _value_of(read_option: Callable[[Any], Any]) -> Callable[[Any], str]:
    """A reader of an option (an Enum member) that gives the option's value, as the slot holds it."""
    return lambda text: read_option(text).value


def _answer(
    slot: str, read: Callable[[Any], Any], value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
    domain: dict,
) -> Slots:
    """{slot: value read by the core}; else {slot: None} and the core's Swedish error, so the form asks
    again, unless the message was another question (then ValidateReemploymentForm.run hands it over) or
    answered other questions of the walk-through ("16 mån" asked for the kind of employment): then the
    form keeps those answers and asks its question again without calling the message wrong."""
    if value is None or _hands_over(tracker):  # None: cleared by a new walk-through, not an answer
        return {slot: None}
    try:
        return {slot: read(value)}
    except InvalidInput as exc:
        answers_others = bool(facts_given(tracker.latest_message, domain) - {slot})
        if not _asks_something_else(tracker) and not answers_others:
            dispatcher.utter_message(text=exc.message)
        return {slot: None}


class ValidateReemploymentForm(FormValidationAction):
    """Reads each answer through the core.

    Every message fills the requested slot, whatever its intent, because short answers ("säva", "egen
    uppsägning") are often classified as FAQ questions. An answer the core reads is kept; one it cannot
    read is refused with the core's message. When NLU took the message for an FAQ, a handoff request,
    an out-of-scope or a bot question, and it is phrased as a question or cannot be read as an answer,
    the form rejects its turn so that the rules answer it first and then ask again.
    """

    def __init__(self, today: Today = today_in_sweden) -> None:
        super().__init__()
        self._today = today

    def name(self) -> str:
        return "validate_reemployment_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answered = bool(tracker.slots_to_validate())  # False when the form asks again after the rules
        events = await super().run(dispatcher, tracker, domain)
        refused = any(event["event"] == "slot" and event["value"] is None for event in events)
        if answered and (_hands_over(tracker) or (refused and _asks_something_else(tracker))):
            return events + [ActionExecutionRejected(self.form_name())]
        return events

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> list[str]:
        """The domain's questions, without those the verdict no longer depends on ("jag sa upp mig
        själv" settles it: no more questions)."""
        needed = facts_needed(*(tracker.get_slot(fact) for fact in FACTS[:3]))
        return [slot for slot in domain_slots if slot not in WALK_THROUGH_SLOTS or slot in needed]

    def validate_agency(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        if value in default_registry().keys():
            return {"agency": value}
        key = agency_named_in(tracker.latest_message)  # kept even when the question is handed over
        if key is None and not _asks_something_else(tracker):
            names = ", ".join(agency.display_name for agency in default_registry())
            dispatcher.utter_message(text=messages.AGENCY_NOT_RECOGNISED.format(value=value, names=names))
        return {"agency": key}

    def validate_termination_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return _answer("termination_reason", _value_of(answers.termination_reason_from_text), value, dispatcher,
                       tracker, domain)

    def validate_employment_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return _answer("employment_type", _value_of(answers.employment_type_from_text), value, dispatcher,
                       tracker, domain)

    def validate_months_employed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return _answer("months_employed", answers.months_from_text, value, dispatcher, tracker, domain)

    def validate_employment_ended_on(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        # allow_future: the notice of termination comes before the last day of employment.
        def read(text: Any) -> str:
            ended_on = date_in_answer(text, self._today(), field="employment_ended_on", allow_future=True)
            return ended_on.isoformat()

        return _answer("employment_ended_on", read, value, dispatcher, tracker, domain)

    def validate_registered(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        if isinstance(value, bool):  # read from a sentence already (bot/facts.py)
            return {"registered": value}
        return _answer("registered", answers.yes_no_from_text, value, dispatcher, tracker, domain)


def facts_given(message: dict, domain: dict) -> set[str]:
    """The walk-through slots a parsed message gives by entity (the domain's `from_entity` mappings)."""
    entities = {entity.get("entity") for entity in message.get("entities") or []}
    return {
        slot
        for slot in WALK_THROUGH_SLOTS
        for mapping in (domain.get("slots", {}).get(slot) or {}).get("mappings") or []
        if mapping.get("type") == "from_entity" and mapping.get("entity") in entities
    }


class ActionStartReemployment(Action):
    """Starts a walk-through. Right after a verdict, a message that changes one of its facts ("och om
    det hade varit säva?") is a "what if": the other answers stay, the message's fact replaces its own,
    and the form, with nothing left to ask, gives the new verdict at once. After a verdict otherwise the
    walk-through starts afresh: the intro, and no answer kept but what this message says. Before any
    verdict, what the conversation already told ("hade ett vikariat som inte förlängdes", then
    "arbetsbrist sa dom") is kept, so the walk-through does not ask it again."""

    def name(self) -> str:
        return "action_start_reemployment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        given = facts_given(tracker.latest_message, domain)
        after_verdict = bool(tracker.get_slot(REEMPLOYMENT_ASSESSED_SLOT))
        restart = [SlotSet(REEMPLOYMENT_ASSESSED_SLOT, False), SlotSet(TOPIC_SLOT, WALK_THROUGH_TOPIC)]
        if after_verdict and given:
            dispatcher.utter_message(response="utter_reemployment_what_if")
            return restart
        dispatcher.utter_message(response="utter_reemployment_intro")
        if not after_verdict:
            return restart
        return [SlotSet(slot, None) for slot in WALK_THROUGH_SLOTS if slot not in given] + restart


def _date_or_none(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def offers_notice(verdict: Verdict, agency: Agency) -> bool:
    """The registration is offered unprompted only where the employer's registry entry requires it, the
    right was found and the user has not registered yet."""
    required = agency.reemployment.registration_required is True  # None: the employer does not say
    return verdict.eligible and verdict.requires_registration and required


class ActionAssessReemployment(Action):
    """Tells the verdict, until when it lasts, the reasons, and whom to register the claim with; offers
    to write the registration where the employer requires it (actions/reemployment_notice.py), keeping
    the end date for it."""

    def __init__(self, today: Today = today_in_sweden) -> None:
        self._today = today

    def name(self) -> str:
        return "action_assess_reemployment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        agency = default_registry().get(tracker.get_slot("agency"))
        verdict = assess_priority(
            tracker.get_slot("termination_reason"),
            tracker.get_slot("employment_type"),
            tracker.get_slot("months_employed"),
            _date_or_none(tracker.get_slot("employment_ended_on")),
            self._today(),
            registered=bool(tracker.get_slot("registered")),
            agency=agency,
        )
        if verdict.eligible:
            dispatcher.utter_message(
                response="utter_reemployment_eligible",
                employer=agency.display_name,
                valid_until=plain_date(verdict.valid_until),
            )
        else:
            dispatcher.utter_message(response="utter_reemployment_not_eligible", employer=agency.display_name)
        reasons = "\n".join(f"• {reason}" for reason in verdict.reasons)
        dispatcher.utter_message(response="utter_reemployment_reasons", reasons=reasons)
        # The registry's own instructions are already among the reasons; otherwise point to HR.
        if verdict.requires_registration and not agency.reemployment.how_to_register:
            dispatcher.utter_message(
                response="utter_reemployment_register_contact",
                employer=agency.display_name,
                contacts=describe_hr_contacts(agency.hr_contacts),
            )
        offer = offers_notice(verdict, agency)
        if offer:
            dispatcher.utter_message(response="utter_offer_reemployment_notice", employer=agency.display_name)
        # The answers stay for a "what if" (ActionStartReemployment) and for the registration.
        return [
            SlotSet(TOPIC_SLOT, WALK_THROUGH_TOPIC),
            SlotSet(REEMPLOYMENT_ASSESSED_SLOT, True),
            SlotSet(NOTICE_OFFERED_SLOT, True if offer else None),
        ]


class ActionResetReemploymentForm(Action):
    """Clears the walk-through's answers when the user stops it, so the next one starts afresh."""

    def name(self) -> str:
        return "action_reset_reemployment_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        return [SlotSet(slot, None) for slot in WALK_THROUGH_SLOTS] + [SlotSet(REEMPLOYMENT_ASSESSED_SLOT, False)]
