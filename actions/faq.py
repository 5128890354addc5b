"""FAQ answers that remember their topic, and follow-ups read in its light.

`action_answer_faq` (for FAQ questions, and for messages NLU was unsure of) says the answer to the item
the FAQ selector picked (`faq/<item>`, bot/faq_selector.py), in the version of the employer in the
`agency` slot (hiring_rules.faq, data/faq/), and keeps the item in the `topic` slot. A question the
selector is unsure of is read in the light of the topic: when the answer just given is among the
selector's first few, it is the one meant ("kostar det nåt?" after the answer on asking for documents,
which gives the fees), and failing that the first of them on the same subject (appeals, the recruitment
process, företrädesrätt): "vart skickar jag det?" after the answer on how to appeal is about the
appeal's address; and right after some topics an answer means another (`IN_THE_LIGHT_OF`: "kan jag
överklaga det?" after the answer on what happens after the appeal asks about the board's decision). When
the selector is not sure at all, the assistant says honestly that the employer's pages do not answer the
question (the item `not_in_pages`, with whom to ask) rather than giving the nearest answer.

`action_answer_in_context` answers the elliptical follow-ups people write after an answer: "och hur
lång tid har jag?" (followup_time), "hur kommer det sig?" (followup_why), "vad händer sen?"
(followup_next), "hur gör jag det?" or "vad ska stå i det?" (followup_how), "vad menar du?"
(followup_clarify), and "och till
Migrationsverket då?" (inform_agency, the employer slot already changed by the time the action runs).
Which answer a follow-up means depends on the topic: `FOLLOWUPS` is that table, and the only place it
is decided. Before any topic, a "follow-up" is a question of its own and gets the answer the
selector is sure of.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from hiring_rules.agencies import default_registry
from hiring_rules.faq import default_faq

from .conversation_state import APPEAL_TOPICS, DEADLINE_TOPIC, POSTED_ON_SLOT, TOPIC_SLOT, UNSURE_INTENT
from .deadline import tell_known_deadline
from .named_action import NamedAction, latest_intent

NOT_IN_PAGES = "not_in_pages"
# Below this selector confidence the nearest answer is more likely wrong than right (measured on
# the understanding benchmark, bench/results/understanding.md); the honest answer is given instead.
MIN_ANSWER_CONFIDENCE = 0.1
# The selector's "the pages do not answer this" stands only with this lead over the next item: in a
# close call the answer on the question's subject was more often right, and an in-field question wrongly
# refused less often (on the understanding benchmark's FAQ turns, bench/results/understanding.md).
NOT_IN_PAGES_LEAD = 0.5
# Below this confidence a question may be a follow-up: the topic wins when it is among the first
# CONTEXT_RANKS answers of the selector.
CONTEXT_CONFIDENCE = 0.5
CONTEXT_RANKS = 3
# Below this confidence the selector's choice is a guess, and in a conversation the question is about
# the topic whatever the selector ranked ("får jag jobbet automatiskt då?" after the företrädesrätt
# verdict). Measured on the first two blind sets: answering the topic below 0.3 makes 10 turns right
# and 4 wrong; between 0.3 and 0.5, 4 right and 5 wrong.
TOPIC_CONFIDENCE = 0.3
# A message NLU was unsure of (nlu_fallback) is answered only when the answer is this sure, or it is
# read as a follow-up of the topic or one more question on its subject; otherwise the user is asked to
# rephrase.
FALLBACK_ANSWER_CONFIDENCE = 0.5

_PROCESS_TOPICS = (
    "how_to_apply", "application_confirmation", "selection", "tests", "interview", "references",
    "result_notice",
)
_REEMPLOYMENT_TOPICS = (
    "reemployment_info", "reemployment_register", "reemployment_order", "reemployment_use",
    "reemployment_part_time",
)
# Answers that give no time or period at all, for any employer.
_SILENT_ON_TIME = (
    "application_public", "contact_hr", "fair_project", "general_interest", "it_department", "onboarding",
    "personal_data", "protected_identity", NOT_IN_PAGES,
)
# The subjects a conversation stays on: an unsure question is read as one more about the topic's.
_SUBJECTS = (
    frozenset(APPEAL_TOPICS + ("after_appeal", "documents_request")),
    frozenset(_PROCESS_TOPICS + ("duration", "onboarding")),
    frozenset(_REEMPLOYMENT_TOPICS),
)

# follow-up intent -> {topic: FAQ item}; the item under None answers when no topic fits, and without
# one the user is asked to say more.
FOLLOWUPS: dict[str, dict[str | None, str]] = {
    "followup_time": {
        **{topic: "appeal_deadline" for topic in APPEAL_TOPICS + ("documents_request",)},
        **{topic: "duration" for topic in _PROCESS_TOPICS},
        # "hur lång tid har jag?" after the answer on the notice of not getting the job, which says the
        # time to appeal counts from the posting
        "result_notice": "appeal_deadline",
        **{topic: "reemployment_info" for topic in _REEMPLOYMENT_TOPICS},
        "after_appeal": "after_appeal",
        "trainee": "trainee",
        "duration": "duration",
        # "och hur länge gäller den?" after an answer that gives no time: the pages do not say
        **{topic: NOT_IN_PAGES for topic in _SILENT_ON_TIME},
        None: "appeal_deadline",
    },
    "followup_next": {
        **{topic: "after_appeal" for topic in APPEAL_TOPICS},
        "how_to_apply": "application_confirmation",
        "application_confirmation": "selection",
        "selection": "interview",
        "tests": "interview",
        "interview": "references",
        "references": "result_notice",
        "result_notice": "appeal_how",
        "duration": "result_notice",
        "documents_request": "appeal_grounds",
        "after_appeal": "after_appeal",
        **{topic: "reemployment_register" for topic in _REEMPLOYMENT_TOPICS},
        None: "how_to_apply",
    },
    # "hur gör jag det?", "vad ska stå i det?": how to do what the answer spoke of; any other topic's
    # own answer says how (_ANSWERED_BY_THE_TOPIC).
    "followup_how": {
        **{topic: "appeal_how" for topic in ("appeal_deadline", "appeal_chances", "appeal_address")},
        **{topic: "reemployment_register" for topic in _REEMPLOYMENT_TOPICS},
        "application_public": "documents_request",
        "application_confirmation": "how_to_apply",
    },
    "followup_why": {
        **{topic: "appeal_chances" for topic in APPEAL_TOPICS},
        # "varför inte 3 april?" after the last day: how it was counted (a holiday or a weekend moves it).
        "appeal_deadline": "appeal_deadline",
        # "varför inte?" after the walk-through's verdict: what företrädesrätt takes.
        **{topic: "reemployment_info" for topic in _REEMPLOYMENT_TOPICS},
        "after_appeal": "after_appeal",
        "documents_request": "documents_request",
    },
}
# What an answer of the selector means right after a topic: after the answer on what happens once the
# appeal is sent, "och om jag förlorar, kan jag överklaga det?" asks whether the board's decision can be
# appealed (that answer says it cannot), not how to appeal a hiring decision.
IN_THE_LIGHT_OF: dict[str, dict[str, str]] = {
    "after_appeal": {"appeal_how": "after_appeal", "appeal_chances": "after_appeal"},
}
# "varför det?", "hur gör jag det?" after a topic the table does not name: its own answer gives the
# reason or the way where the employer's pages do ("varför det?" after the answer on protected identity);
# "vad menar du?" after any topic asks for its answer again.
_ANSWERED_BY_THE_TOPIC = frozenset({"followup_why", "followup_how", "followup_clarify"})
# A "why?" or "what now?" about the appeal at an employer without the route gets the reason it has none
# and what one can do instead.
_WHY_NO_ROUTE = "utter_why_no_appeal_route"
_NO_ROUTE_FOLLOWUPS = ("followup_why", "followup_next")


def _item(key: str | None) -> str | None:
    return key.split("/", 1)[1] if key and "/" in key else None


def selected_item(tracker: Tracker) -> tuple[str | None, float, list[str]]:
    """The FAQ item the selector chose for the latest message, its confidence, and the items of its
    ranking in order; `not_in_pages` only when it leads the next item by NOT_IN_PAGES_LEAD."""
    selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
    ranking = [
        (_item(entry.get("intent_response_key")), float(entry.get("confidence") or 0.0))
        for entry in selector.get("ranking") or []
    ]
    refusal_unclear = len(ranking) > 1 and ranking[0][1] - ranking[1][1] < NOT_IN_PAGES_LEAD
    if ranking and ranking[0][0] == NOT_IN_PAGES and refusal_unclear:
        ranking = ranking[1:] + ranking[:1]
    if not ranking:
        return None, 0.0, []
    return ranking[0][0], ranking[0][1], [item for item, _ in ranking]


def _subject_of(topic: str | None) -> frozenset[str]:
    return next((items for items in _SUBJECTS if topic in items), frozenset())


def follows_the_topic(item: str, topic: str | None) -> bool:
    """Whether `item` answers the topic itself or one more question on its subject.

    >>> follows_the_topic("reemployment_register", "reemployment_info")
    True
    >>> follows_the_topic("how_to_apply", "reemployment_info")
    False
    """
    return item == topic or item in _subject_of(topic)


def item_in_context(
    item: str | None, confidence: float, ranking: list[str], topic: str | None, unsure: bool = False
) -> str:
    """The item to answer with, given the selector's choice and the conversation's topic. A message
    NLU was `unsure` of is the topic's follow-up whenever the topic is among the selector's first few,
    however sure the selector is of another ("kan jag mejla det istället?" after the appeal's address).

    >>> item_in_context("appeal_deadline", 0.3, ["appeal_deadline", "trainee"], "trainee")
    'trainee'
    >>> item_in_context("appeal_deadline", 0.9, ["appeal_deadline", "trainee"], "trainee")
    'appeal_deadline'
    >>> item_in_context("how_to_apply", 0.45, ["how_to_apply", "appeal_address"], "appeal_how")
    'appeal_address'
    >>> item_in_context("it_department", 0.05, ["it_department"], None)
    'not_in_pages'
    >>> item_in_context("onboarding", 0.15, ["onboarding", "result_notice"], "reemployment_info")
    'reemployment_info'
    >>> item_in_context("how_to_apply", 0.64, ["how_to_apply", "appeal_address"], "appeal_address", True)
    'appeal_address'
    """
    if unsure and topic and topic in ranking[:CONTEXT_RANKS]:
        return topic
    if topic and topic != item and confidence < CONTEXT_CONFIDENCE:
        if topic in ranking[:CONTEXT_RANKS] or confidence < TOPIC_CONFIDENCE:
            return topic
        subject = _subject_of(topic)
        if item not in subject:
            same_subject = [ranked for ranked in ranking[:CONTEXT_RANKS] if ranked in subject]
            if same_subject:
                return same_subject[0]
    if item is None or confidence < MIN_ANSWER_CONFIDENCE:
        return NOT_IN_PAGES
    return item


def deadline_told(tracker: Tracker, topic: str | None) -> bool:
    """The last day was just told for the posting day the conversation knows. A question after it is a
    new one ("och vart skickar jag den?", "räknas helger?"): the selector's choice stands, since telling
    the same date again answers none of them."""
    return topic == DEADLINE_TOPIC and bool(tracker.get_slot(POSTED_ON_SLOT))


def _has_appeal_route(tracker: Tracker) -> bool:
    key = tracker.get_slot("agency")
    return key is None or default_registry().get(key).state_appeal_route


def answer(dispatcher: CollectingDispatcher, tracker: Tracker, item: str) -> list[dict[str, Any]]:
    if item == DEADLINE_TOPIC and tell_known_deadline(dispatcher, tracker):
        # once the posting day is known, "och hur lång tid har jag?" is that case's last day
        return [SlotSet(TOPIC_SLOT, item)]
    reply = default_faq().answer(item, tracker.get_slot("agency"))
    buttons = [{"title": button.title, "payload": button.payload} for button in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons)
    return [SlotSet(TOPIC_SLOT, item)]


class ActionAnswerFaq(NamedAction):
    action_name = "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = latest_intent(tracker)
        if intent == "request_documents":
            return answer(dispatcher, tracker, "documents_request")
        item, confidence, ranking = selected_item(tracker)
        topic = tracker.get_slot(TOPIC_SLOT)
        # the pages' silence is no subject to stay on: after it the next question is read on its own
        context = None if topic == NOT_IN_PAGES or deadline_told(tracker, topic) else topic
        chosen = item_in_context(item, confidence, ranking, context, unsure=intent == UNSURE_INTENT)
        chosen = IN_THE_LIGHT_OF.get(topic, {}).get(chosen, chosen)
        if intent == UNSURE_INTENT and not (
            follows_the_topic(chosen, topic) or confidence >= FALLBACK_ANSWER_CONFIDENCE
        ):
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        return answer(dispatcher, tracker, chosen)


class ActionAnswerInContext(NamedAction):
    action_name = "action_answer_in_context"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        intent = latest_intent(tracker)
        topic = tracker.get_slot(TOPIC_SLOT)
        if intent == "inform_agency":
            if topic is None:
                dispatcher.utter_message(response="utter_agency_noted")
                return []
            return answer(dispatcher, tracker, topic)  # the same question, now for the employer just named
        if topic is None:
            # Nothing to follow yet: the message is a question of its own ("jag fick inte tjänsten och
            # förstår inte varför"), answered when the selector is sure what it asks.
            item, confidence, _ = selected_item(tracker)
            if item and confidence >= FALLBACK_ANSWER_CONFIDENCE:
                return answer(dispatcher, tracker, item)
        if intent in _NO_ROUTE_FOLLOWUPS and topic in APPEAL_TOPICS and not _has_appeal_route(tracker):
            dispatcher.utter_message(response=_WHY_NO_ROUTE)
            return []
        table = FOLLOWUPS.get(intent, {})
        item = table.get(topic, table.get(None, topic if intent in _ANSWERED_BY_THE_TOPIC else None))
        if item is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        return answer(dispatcher, tracker, item)
