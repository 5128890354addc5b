"""An intent decided on evidence survives Rasa's FallbackClassifier (bot/intent_decision.py)."""
from __future__ import annotations

import pytest
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_decision import decide_on_evidence, set_intent

# The thresholds of config.yml.
FALLBACK = FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.4,
                               "ambiguity_threshold": 0.1})


def _message(*ranking: tuple[str, float]) -> Message:
    entries = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    return Message(data={TEXT: "uppsagd pga arbetsbrist, hur länge gäller min företrädesrätt",
                         INTENT: entries[0], INTENT_RANKING_KEY: entries})


def _intent_after_fallback(message: Message) -> str:
    return FALLBACK.process([message])[0].get(INTENT)["name"]


@pytest.mark.parametrize("ranking", [
    (("inform", 1.0), ("check_reemployment", 0.0)),          # DIET sure of another intent
    (("inform", 0.5), ("check_reemployment", 0.45)),         # DIET torn between two
    (("inform", 0.2), ("faq", 0.2), ("check_reemployment", 0.1)),
])
def test_a_decision_on_evidence_is_not_taken_for_an_ambiguous_one(ranking):
    message = _message(*ranking)
    decide_on_evidence(message, "check_reemployment")
    assert _intent_after_fallback(message) == "check_reemployment"


def test_the_guesses_keep_their_order_without_confidence():
    message = _message(("inform", 0.6), ("faq", 0.3), ("check_reemployment", 0.1))
    decide_on_evidence(message, "check_reemployment")
    assert [(e["name"], e["confidence"]) for e in message.get(INTENT_RANKING_KEY)] == [
        ("check_reemployment", 1.0), ("inform", 0.0), ("faq", 0.0)]


def test_an_intent_set_with_its_own_confidence_still_falls_back_when_close():
    """set_intent carries DIET's confidences: a close call stays a close call."""
    message = _message(("english", 0.5), ("faq", 0.3), ("inform", 0.25))
    set_intent(message, {"name": "faq", "confidence": 0.3}, [{"name": "inform", "confidence": 0.25}])
    assert _intent_after_fallback(message) == "nlu_fallback"
