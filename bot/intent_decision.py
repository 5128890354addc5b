"""How the project's NLU components set a message's intent, in one place.

DIET proposes an intent with a ranking; `bot.relevance`, `bot.facts` and `bot.english` overrule it where
the words of the message are better evidence. The FallbackClassifier, which runs after them, falls back
not only when the first intent's confidence is low but also when the first two of the ranking are close
(its ambiguity threshold). An intent decided on evidence therefore leaves DIET's guesses in the ranking,
in their order, with no confidence: otherwise the intent DIET was sure of (1.0) would stand next to the
decided one (1.0) and the clear decision would come out as `nlu_fallback`.
"""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, intent: dict, alternatives: list[dict]) -> None:
    """Makes `intent` the message's intent, first in its ranking, followed by `alternatives`."""
    rest = [entry for entry in alternatives if entry.get("name") != intent["name"]]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)


def decide_on_evidence(message: Message, name: str) -> None:
    """Makes `name` the message's intent with confidence 1.0; DIET's ranking follows with none."""
    guesses = [{**entry, "confidence": 0.0} for entry in message.get(INTENT_RANKING_KEY) or []]
    set_intent(message, {"name": name, "confidence": 1.0}, guesses)
