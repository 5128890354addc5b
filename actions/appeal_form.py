"""The appeal letter's fields in conversation: `appeal_form` validation, corrections and cancelling.

Every answer is read by the rules core (identity, fields, dates), so the chat refuses what the HTTP API
refuses, with the same Swedish message. The personnummer reaches Rasa already sealed
(bot/channels.py); its slot holds a sealed token of the normalised number, never the number.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from bot.signals import ERASE_CONVERSATION
from hiring_rules import fields, messages, sealing
from hiring_rules.agencies import default_registry
from hiring_rules.answers import is_question
from hiring_rules.appeal_fields import FIELD_NAMES
from hiring_rules.errors import InvalidInput
from hiring_rules.identity import normalise_diarienummer, normalise_personnummer
from hiring_rules.reemployment_notice import ended_on_from_text

from . import clock
from .agency import agency_named_in
from .conversation_state import (
    APPEAL_TOPICS, DEADLINE_INTENT, POSTED_ON_SLOT, START_APPEAL_INTENT, TOPIC_SLOT, UNSURE_INTENT,
)
from .deadline import (
    explain_unknown_posting_date, posted_on_from_text, posting_ahead_in_message, tell_deadline_of,
)
from .named_action import NamedAction, latest_intent

# `agency` belongs to the whole conversation, so cancelling clears only the others.
FORM_SLOTS = tuple(name for name in FIELD_NAMES if name != "agency")

Slots = dict[str, Any]

# The topic of a conversation that starts an appeal with no topic yet: "hur skickar jag den?" or "vad
# måste stå i den?" asked while the form asks are about the appeal (FOLLOWUPS in actions/faq.py).
APPEAL_TOPIC = "appeal_how"

_NO_APPOINTEE = re.compile(
    r"^(?:nej|nä|nix|ingen|inga|vet inte|jag vet inte"
    r"|(?:(?:nej|nä)\s*)?(?:det var\s+)?(?:bara|endast)?\s*en(?:\s+person)?"
    r"(?:\s+(?:anställdes|anstalldes|anställd|anstalld|fick (?:tjänsten|tjansten|jobbet|den)))?)$"
)
# "det var bara en som fick jobbet", "de tog en person": a short answer that only one was hired.
_ONLY_ONE = re.compile(r"\b(?:bara|endast|enbart) en\b|\ben (?:enda )?(?:person|sökande|sokande)\b")
_MAX_ONLY_ONE_WORDS = 8
# The parts of an answer: "anslogs 2 november, en person anställd, jag har jobbat med utredningar i 10 år".
_CLAUSES = re.compile(r"[.,;!?\n]+")
_POSTING_CLAUSE = re.compile(r"\banslo|\banslag")
# Words an answer beside "only one was hired" needs to be read as the grounds as well.
_MIN_GROUNDS_WORDS = 6
# Grounds typed ahead of the appointee's question: the user's own merits, in a sentence of some length.
_OWN_MERITS = re.compile(
    r"^(?:(?:ok|okej|okey|ja|nej|men)\W+)?(?:jag|vi|min|mitt|mina)\b"
    r".*\b(?:erfarenhet|utbildning|examen|merit|kompeten|kvalific|arbetat|jobbat|omdöm|krav)",
    re.IGNORECASE | re.DOTALL,
)
_MIN_MERITS_WORDS = 8
# "ok. skälen: 8 års erfarenhet ...": grounds named as such, whatever question the form asked.
_GROUNDS_LABEL = re.compile(
    r"^\W*(?:(?:ok|okej|okey|ja|men)\W+)?"
    r"(?:skälen|skälet|skäl|skalen|skal|grunderna|grunder|motivering)\s*:\s*",
    re.IGNORECASE,
)
# Intents of a message that confirms or denies rather than gives grounds ("ja stämmer").
_YES_NO_INTENTS = frozenset({"affirm", "deny"})


def _clauses(text: str) -> list[str]:
    return [clause.strip() for clause in _CLAUSES.split(text) if clause.strip()]


def _tells_the_posting(clause: str) -> bool:
    return bool(_POSTING_CLAUSE.search(clause.lower()))


def _only_one_hired(text: str) -> bool:
    plain = " ".join(re.sub(r"[^\wåäö ]+", " ", text.lower()).split())
    short = len(plain.split()) <= _MAX_ONLY_ONE_WORDS
    return bool(_NO_APPOINTEE.match(plain)) or (short and bool(_ONLY_ONE.search(plain)))


def _appointee(text: str) -> str:
    """Which appointment is appealed; "" when only one person was hired or the user gives none."""
    if _only_one_hired(text):
        return ""
    return fields.appointee(text) or ""


def grounds_typed_ahead(text: str) -> str:
    """The grounds, when a message at another field's question gives them: named as such ("skälen:
    ..."), or the user's own merits in a sentence of some length; else "".

    >>> grounds_typed_ahead("ok. skälen: 8 års erfarenhet, den som fick jobbet har 2")
    '8 års erfarenhet, den som fick jobbet har 2'
    >>> grounds_typed_ahead("Handläggare inom sjukförsäkring")
    ''
    """
    labelled = _GROUNDS_LABEL.match(text)
    if labelled:
        return text[labelled.end():].strip()
    if len(text.split()) >= _MIN_MERITS_WORDS and _OWN_MERITS.search(text.strip()):
        return text.strip()
    return ""


def appointee_answer(text: str) -> tuple[str | None, str]:
    """The appointee's answer split into what it answers: (appointee, grounds).

    One message often answers the questions to come: "en person fick tjänsten. jag har personalvetarexamen
    och 6 års erfarenhet, hon har 2" says that only one was hired ("") and why the user should have got
    the job (the grounds, when at least six words stand beside it). A message that only tells when the
    decision was posted ("anslogs 16 november", read by its own mapping) answers neither (None, "").

    >>> appointee_answer("anslogs 2 november, en person anställd, jag har jobbat med utredningar i 10 år")
    ('', 'jag har jobbat med utredningar i 10 år')
    >>> appointee_answer("bara en")
    ('', '')
    >>> appointee_answer("anslogs 16 november")
    (None, '')
    >>> appointee_answer("Tjänsten som Lisa Ek fick")
    ('Tjänsten som Lisa Ek fick', '')

    Grounds typed instead ("Jag har arbetat som utredare i 2 år och har mer erfarenhet") are the
    grounds, and no appointee is named:

    >>> appointee_answer("Jag har arbetat som utredare i 2 år och har mer erfarenhet")
    ('', 'Jag har arbetat som utredare i 2 år och har mer erfarenhet')
    """
    grounds = grounds_typed_ahead(text)
    if grounds:
        return "", grounds
    clauses = _clauses(text)
    if clauses and all(_tells_the_posting(clause) for clause in clauses):
        return None, ""
    if len(clauses) < 2 or not any(_only_one_hired(clause) for clause in clauses):
        return _appointee(text), ""
    rest = ", ".join(
        clause for clause in clauses if not _only_one_hired(clause) and not _tells_the_posting(clause)
    )
    return "", rest if len(rest.split()) >= _MIN_GROUNDS_WORDS else ""


_FREE_TEXT: dict[str, Callable[[str], str]] = {
    "full_name": fields.full_name,
    "address": lambda text: ", ".join(fields.address(text)),
    "position": fields.position,
    "diarienummer": normalise_diarienummer,
    "grounds": fields.grounds,
    "appointee": _appointee,
    "contact": lambda text: ", ".join(value for value in fields.contact(text) if value),
}


def _sealed_personnummer(text: str, today: dt.date) -> str:
    tokens = sealing.tokens_in(text)
    if not tokens:  # nothing shaped like a personnummer reached us
        empty = not text.strip()
        raise InvalidInput(
            "personnummer", messages.PERSONNUMMER_EMPTY if empty else messages.PERSONNUMMER_FORMAT
        )
    try:
        typed = sealing.unseal(tokens[-1])
    except sealing.SealError:
        raise InvalidInput("personnummer", messages.PERSONNUMMER_FORMAT) from None
    return sealing.seal(normalise_personnummer(typed, today))


def clean_answer(slot: str, value: Any, today: dt.date) -> str:
    """The value to keep in `slot` for the user's answer; InvalidInput with the core's Swedish message.

    Applied to a value it returned, it gives that value again (for the personnummer a new token of the
    same number), so a filled slot can be validated again.
    """
    text = str(value or "")
    if slot == "personnummer":
        return _sealed_personnummer(text, today)
    if slot == POSTED_ON_SLOT:
        return posted_on_from_text(text, today)
    if slot == "employment_ended_on":
        return ended_on_from_text(text, today)
    sealing.refuse_personnummer(slot, text)
    return _FREE_TEXT[slot](text)


def checked_answer(slot: str, value: Any, dispatcher: CollectingDispatcher) -> Slots:
    """{slot: cleaned value}, or {slot: None} after telling the user what is wrong (the form asks again)."""
    try:
        return {slot: clean_answer(slot, value, clock.today_in_sweden())}
    except InvalidInput as exc:
        dispatcher.utter_message(text=exc.message)
        return {slot: None}


def recognised_agency(value: Any, tracker: Tracker, dispatcher: CollectingDispatcher) -> str | None:
    """The registry key of the employer the answer names, or None after telling the user which
    employers there are (the form then asks again)."""
    registry = default_registry()
    key = value if value in registry.keys() else agency_named_in(tracker.latest_message)
    if key is None:
        names = ", ".join(agency.display_name for agency in registry)
        dispatcher.utter_message(text=messages.AGENCY_NOT_RECOGNISED.format(value=value, names=names))
    return key


def _agency_before_latest_message(tracker: Tracker) -> str | None:
    events = tracker.events
    user_turns = [i for i, event in enumerate(events) if event.get("event") == "user"]
    latest_user = user_turns[-1] if user_turns else len(events)
    return next(
        (
            event.get("value")
            for event in reversed(events[:latest_user])
            if event.get("event") == "slot" and event.get("name") == "agency"
        ),
        None,
    )


def _asked_or_named_explicitly(tracker: Tracker) -> bool:
    """The form asked for the employer, or the message names it by metadata or a button's entity."""
    message = tracker.latest_message
    return (
        tracker.get_slot(REQUESTED_SLOT) == "agency"
        or bool((message.get("metadata") or {}).get("agency"))
        or any(entity.get("entity") == "agency" for entity in message.get("entities") or [])
    )


IDENTITY_FIELDS = frozenset({"full_name", "address", "personnummer"})


def _keeps_its_topic(tracker: Tracker, starting: bool) -> bool:
    """The conversation's topic stays: it is on appealing, or the form is under way and the user asked
    about something else in between ("hur går intervjun till?", whose follow-ups are about that). A form
    that starts on no topic or another one ("hur lång är en rekrytering?") takes the appeal's."""
    topic = tracker.get_slot(TOPIC_SLOT)
    return topic in APPEAL_TOPICS or (bool(topic) and not starting)


def _gives_the_identity(tracker: Tracker) -> bool:
    """The message holds name, address and personnummer together (bot/facts.py reads them as entities)."""
    return any(entity.get("entity") == "full_name" for entity in tracker.latest_message.get("entities") or [])


def _without_candidate(events: list[dict], slot: str) -> list[dict]:
    """The events without the candidate value the form proposed for `slot` from the message's text: the
    trailing slot events are the candidates the validation action validates."""
    trailing = 0
    while trailing < len(events) and events[len(events) - 1 - trailing].get("event") == "slot":
        trailing += 1
    head, candidates = events[: len(events) - trailing], events[len(events) - trailing:]
    return head + [event for event in candidates if event.get("name") != slot]


def checked_validation(slot: str) -> Callable[..., Slots]:
    """The `validate_<slot>` of a field that `checked_answer` alone reads."""

    def validate(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> Slots:
        return checked_answer(slot, value, dispatcher)

    validate.__name__ = f"validate_{slot}"
    return validate


class FieldAnswers:
    """`validate_<slot>` for the answers any form reads alike: a form that asks for one of these fields
    (the appeal form, the documents form, the registration of företrädesrätt) validates it the same way.
    The employer may be any of the registry here; the appeal form narrows that."""

    validate_full_name = checked_validation("full_name")
    validate_address = checked_validation("address")
    validate_personnummer = checked_validation("personnummer")
    validate_position = checked_validation("position")
    validate_diarienummer = checked_validation("diarienummer")
    validate_grounds = checked_validation("grounds")
    validate_appointee = checked_validation("appointee")

    def validate_agency(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        return {"agency": recognised_agency(value, tracker, dispatcher)}


class ValidateAppealForm(FieldAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_appeal_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        """Two messages typed while the form asks for a field are no answer to it:

        - the wish to appeal ("ok jag vill överklaga"; it became the letter's position): the form says it
          is under way and asks again;
        - a question NLU was unsure of ("varfor fick jag inte jobbet, kan du kolla?"): the form rejects
          its turn, so that data/rules/appeal.yml answers it (or asks to rephrase) and the form asks again.

        Name, address and personnummer typed ahead in one message ("Lena Åberg, Björkvägen 7, 136 40
        Haninge, <personnummer>" at the position's question) fill their fields, and the form asks its
        question again without calling the message a wrong position.

        A conversation that starts the form on no topic or another subject's gets the appeal's, so such
        a question is read in its light.
        """
        requested = tracker.get_slot(REQUESTED_SLOT)
        answering = requested not in (None, "agency") and requested in tracker.slots_to_validate()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if answering and intent == START_APPEAL_INTENT:
            dispatcher.utter_message(text=messages.APPEAL_UNDER_WAY)
            return [SlotSet(requested, None)]
        if answering and intent == UNSURE_INTENT and is_question(tracker.latest_message.get("text")):
            return [SlotSet(requested, None), ActionExecutionRejected(self.form_name())]
        if answering and requested not in IDENTITY_FIELDS and _gives_the_identity(tracker):
            tracker.events = _without_candidate(tracker.events, requested)
        starting = requested is None  # the form's validation at its activation
        topic = [] if _keeps_its_topic(tracker, starting) else [SlotSet(TOPIC_SLOT, APPEAL_TOPIC)]
        return [*await super().run(dispatcher, tracker, domain), *topic]

    def validate_agency(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        registry = default_registry()
        kept = _agency_before_latest_message(tracker)
        if kept and value != kept and not _asked_or_named_explicitly(tracker):
            # An employer's name in another answer ("123 45 Karlstad") does not change the appeal's.
            return {"agency": kept}
        key = recognised_agency(value, tracker, dispatcher)
        if key is None:
            return {"agency": None}
        if not registry.get(key).state_appeal_route:
            # No letter for a kommun: the form ends here and action_appeal_summary explains why.
            return {"agency": key, REQUESTED_SLOT: None}
        return {"agency": key}

    def validate_position(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        """"nej bara en person", typed ahead at the position's question, answers the appointee's: it is
        kept there, and the position is asked again without a complaint. So is a message that also tells
        the posting ("anslogs i måndags, bara en anställdes"), which its own mapping reads. Grounds typed
        here ("Jag har arbetat som utredare i 2 år ...") are kept as the grounds."""
        text = str(value or "")
        grounds = grounds_typed_ahead(text)
        if grounds:
            return {"position": None, **self._grounds_kept(grounds, tracker)}
        all_clauses = _clauses(text)
        clauses = [clause for clause in all_clauses if not _tells_the_posting(clause)]
        if all_clauses and not clauses:
            return {"position": None}
        if clauses and all(_only_one_hired(clause) for clause in clauses):
            return {"position": None, "appointee": ""}
        return checked_answer("position", value, dispatcher)

    def validate_appointee(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        """The answer may give the grounds too (`appointee_answer`); they are checked as grounds are."""
        text, today = str(value or ""), clock.today_in_sweden()
        try:
            sealing.refuse_personnummer("appointee", text)
            appointee, grounds = appointee_answer(text)
            cleaned = None if appointee is None else clean_answer("appointee", appointee, today)
        except InvalidInput as exc:
            dispatcher.utter_message(text=exc.message)
            return {"appointee": None}
        return {"appointee": cleaned, **self._grounds_kept(grounds, tracker)}

    @staticmethod
    def _grounds_kept(grounds: str, tracker: Tracker) -> Slots:
        """{"grounds": ...} for grounds typed ahead, unless already given or unreadable (then they are
        asked for in their turn)."""
        if not grounds or tracker.get_slot("grounds"):
            return {}
        try:
            return {"grounds": clean_answer("grounds", grounds, clock.today_in_sweden())}
        except InvalidInput:
            return {}

    def validate_grounds(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        """Not the grounds, and no complaint: a "ja stämmer"; the form asks again."""
        if latest_intent(tracker) in _YES_NO_INTENTS:
            return {"grounds": None}
        return checked_answer("grounds", value, dispatcher)

    def validate_decision_posted_on(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict
    ) -> Slots:
        ahead = posting_ahead_in_message(tracker)
        if ahead:
            # "det ska anslås 10 december": its last day, and the letter goes without a posting day
            tell_deadline_of(dispatcher, ahead, tracker.get_slot("agency"), planned=True)
            dispatcher.utter_message(response="utter_appeal_going_on_without_date")
            return {POSTED_ON_SLOT: ""}
        result = checked_answer(POSTED_ON_SLOT, value, dispatcher)
        posted_on = result[POSTED_ON_SLOT]
        if posted_on == "" and value:  # "vet inte": go on without it, but say how to find it
            dispatcher.utter_message(response="utter_appeal_going_on_without_date")
            explain_unknown_posting_date(dispatcher, tracker.get_slot("agency"))
        elif posted_on and latest_intent(tracker) == DEADLINE_INTENT:
            # "beslutet anslogs i måndags, hur lång tid har jag?": the form takes the day, and the
            # question is answered before the form goes on
            tell_deadline_of(dispatcher, posted_on, tracker.get_slot("agency"))
        return result

# --- corrections ("personnumret blev fel, det är ...", "fel adress", "ändra diarienumret") ----------

# Checked in this order: the first of the letter's fields whose words the message contains is the one
# to change.
_FIELD_WORDS = (
    ("personnummer", r"person\s*n(?:umm?e?r|r)|pnr|samordningsn"),
    ("diarienummer", r"diarie|dnr|ärendenummer|arendenummer"),
    (POSTED_ON_SLOT, r"datum|anslo|anslag"),
    ("employment_ended_on", r"slutdatum|sista (?:anställnings)?dag|slutade|upphör|datum"),
    ("contact", r"mejl|mail|e-?post|telefon|mobil|kontakt"),
    ("appointee", r"vem som (?:fick|anst)|vilken av|den (?:som )?(?:fick|anställd)|fler än en"),
    ("address", r"adress|postnummer|gatu|postort"),
    ("position", r"tjänst|tjanst|befattning|anställning|anstallning|jobb|titel"),
    ("full_name", r"namn|heter"),
    ("grounds", r"skäl|skal\b|motiv|varför|varfor|grund"),
    ("agency", r"myndighet|arbetsgivare"),
)
_NEW_VALUE_MARKER = re.compile(
    r"(?:\b(?:det (?:är|ska vara|var)|ska vara|borde vara|rätt (?:är|ska vara)|till|är)\b|:)\s*",
    re.IGNORECASE,
)
_NOT_A_VALUE = re.compile(r"^(?:fel|felaktig\w*|inte (?:rätt|korrekt))\b", re.IGNORECASE)


def field_to_correct(message: dict, letter: tuple[str, ...] = FIELD_NAMES) -> str | None:
    """The field of `letter` a correction message is about: a button's `appeal_field` entity, a sealed
    personnummer, or the first field its words name."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "appeal_field" and entity.get("value") in letter:
            return entity["value"]
    text = (message.get("text") or "").lower()
    if sealing.tokens_in(text):
        return "personnummer"
    return next(
        (field for field, words in _FIELD_WORDS if field in letter and re.search(words, text)), None
    )


def new_value_in(field: str, message: dict) -> str | None:
    """The new value a correction message gives for `field` ("..., det är X", "ändra Y till X"), or None."""
    text = message.get("text") or ""
    if field == "personnummer":
        tokens = sealing.tokens_in(text)
        return tokens[-1] if tokens else None
    if field == "agency":
        return agency_named_in(message)
    for marker in _NEW_VALUE_MARKER.finditer(text):
        value = text[marker.end():].strip().strip("\"'”“")
        if value and not _NOT_A_VALUE.match(value):
            return value
    return None


class ActionCorrectAppealField(NamedAction):
    """Changes one field of the appeal: takes the new value when the message gives one, else clears the
    field so the form asks for it again. Another letter's correction is this with its own fields
    (actions/reemployment_notice.py)."""

    letter_fields: tuple[str, ...] = FIELD_NAMES

    action_name = "action_correct_appeal_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        field = field_to_correct(tracker.latest_message, self.letter_fields)
        if field is None:
            dispatcher.utter_message(response="utter_appeal_which_field")
            return []
        label = messages.FIELD_LABELS[field]
        value = new_value_in(field, tracker.latest_message)
        if value is None:
            dispatcher.utter_message(response="utter_appeal_field_reask", field=label)
            return [SlotSet(field, None)]
        try:
            cleaned = clean_answer(field, value, clock.today_in_sweden()) if field != "agency" else value
        except InvalidInput as exc:
            dispatcher.utter_message(text=exc.message)
            return [SlotSet(field, None)]
        dispatcher.utter_message(response="utter_appeal_field_corrected", field=label)
        return [SlotSet(field, cleaned)]


class ActionCancelAppeal(NamedAction):
    """The user confirmed "avbryt": forget every answer of the appeal form.

    Clearing the slots ends the form, but what the user typed stays in the tracker's events; the
    ERASE_CONVERSATION signal makes the chat proxy erase the stored conversation once Rasa has saved
    this turn (doing it here, mid-turn, would not work: Rasa's SQL tracker store would then write the
    whole conversation back when it saves the turn).
    """

    action_name = "action_cancel_appeal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(response="utter_appeal_cancelled")
        dispatcher.utter_message(json_message=ERASE_CONVERSATION)
        return [SlotSet(slot, None) for slot in (*FORM_SLOTS, REQUESTED_SLOT)]
