"""Slots and intents that the NLU components (bot/) and the actions both read; free of Rasa and rasa-sdk
imports."""
from __future__ import annotations

from typing import Any, Iterable

# The FAQ item (or the deadline, the verdict) the conversation is on: follow-ups are read in its light.
TOPIC_SLOT = "topic"

# True from a företrädesrätt verdict until the next walk-through starts or is stopped: the verdict's
# answers are still in their slots, so "och om det hade varit säva?" can be answered by changing one.
REEMPLOYMENT_ASSESSED_SLOT = "reemployment_assessed"

# The appeal's form: while it asks, bot/facts.py reads a question of one's time left as the deadline's.
APPEAL_FORM = "appeal_form"

# The företrädesrätt walk-through's form: while it asks, bot/facts.py reads a message as its answers.
REEMPLOYMENT_FORM = "reemployment_form"

# The FallbackClassifier's intent for a message NLU is unsure of; in a form, one phrased as a question
# is answered (or the user asked to rephrase) rather than taken as the answer to the form's question.
UNSURE_INTENT = "nlu_fallback"

# The wish to write an appeal: bot/facts.py decides it on the words, the appeal form refuses it as an
# answer to one of its questions.
START_APPEAL_INTENT = "start_appeal"

# The FAQ item on the time to appeal, and the topic after the last day was told.
DEADLINE_TOPIC = "appeal_deadline"

# The topics about appealing: a posting day given on one of them asks for the last day (bot/facts.py),
# and follow-ups on them are about the appeal (actions/faq.py).
APPEAL_TOPICS = (
    "appeal_how", "appeal_address", DEADLINE_TOPIC, "appeal_chances", "notice_board", "diarienummer",
    "late_appeal", "appeal_grounds",
)

# The question of the last day to appeal: bot/facts.py decides it when a message gives the posting day
# and asks for it; the appeal form, which takes the day, then answers it too.
DEADLINE_INTENT = "compute_deadline"

# The posting day a message gives (bot/facts.py reads it, the slot decision_posted_on keeps it); with
# it, when the message only says when the user heard of the decision ("fick nej igår"), the same day
# as the day heard of it, which the last day is counted from with a caveat. A posting day still ahead
# ("om vi anslår beslutet 4 december, när går tiden ut?") the deadline's answer counts from, but no
# slot keeps it: the appeal's posting day is a day that has been.
POSTING_ENTITY = "posting_date"
NOTICE_ENTITY = "notice_date"
PLANNED_POSTING_ENTITY = "planned_posting_date"
POSTED_ON_SLOT = "decision_posted_on"  # ISO; "" when the user does not know it
_POSTING_ENTITIES = (POSTING_ENTITY, NOTICE_ENTITY, PLANNED_POSTING_ENTITY)


def latest_posting_among(steps: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """What the latest message giving a posting day gave ({entity: value} of the entities above), given
    a conversation's steps in order, each ("entities", what a user message gave) or ("posted_on", a
    value the slot decision_posted_on took); empty when no message gave one, or when the slot later took
    a new value that is not that message's posting day (a form's answer, typed without an entity). The
    slot taking again the value it had (a form checking what it already knows) is nothing new.

    >>> planned = {"entity": PLANNED_POSTING_ENTITY, "value": "2026-12-04"}
    >>> latest_posting_among([("entities", [planned]), ("entities", [])])
    {'planned_posting_date': '2026-12-04'}
    >>> latest_posting_among([("entities", [planned]), ("entities", []), ("posted_on", "2026-11-10")])
    {}
    >>> posted = {"entity": POSTING_ENTITY, "value": "2026-11-10"}
    >>> latest_posting_among([("entities", [posted]), ("posted_on", "2026-11-10")])
    {'posting_date': '2026-11-10'}
    >>> latest_posting_among([("entities", [posted]), ("posted_on", "2026-11-10"), ("entities", [planned]),
    ...                       ("posted_on", "2026-11-10")])
    {'planned_posting_date': '2026-12-04'}
    """
    latest: dict[str, Any] = {}
    slot_value = None
    for kind, payload in steps:
        if kind == "entities":
            given = {e.get("entity"): e.get("value") for e in payload if e.get("entity") in _POSTING_ENTITIES}
            latest = given or latest
            continue
        if payload and payload != slot_value and payload != latest.get(POSTING_ENTITY):
            latest = {}
        slot_value = payload
    return latest
