"""What a message does in the conversation, where DIET's intent misses it: a Rasa NLU component.

DIET classifies a message by its words alone. Two things it cannot see decide what a message does:

- **A greeting, an "okej", a "nej" or a "tack" in front of a question.** "hej, har jag företrädesrätt?"
  and "okej, och om jag missar det?" are the questions: people greet, acknowledge and ask in one
  breath, and DIET, which learnt `greet`, `affirm`, `deny` and `thank` from such words, gives the small
  talk. When DIET says `greet` and the message holds more than greeting words, or says `affirm`,
  `deny` or `thank` and the message is a question with more than such words, the message gets DIET's
  best other intent, with DIET's confidences as they are without the small talk (so the
  FallbackClassifier still catches a message that is unclear once the small talk is set aside).
- **An answer in a form.** While a form waits for an answer (the tracker Rasa passes to the NLU graph has
  an active loop and a requested slot), a statement is the answer to the question asked, whatever its
  words resemble: "jurist på rättsenheten" as the position, or grounds that mention "sjukpenning", are
  not a question about the FAQ or a question out of the field. Only a question (a question mark, or
  an opening such as "hur", "vad", "kan jag") interrupts the form; a message DIET took for a question
  becomes `inform`, which the forms' `from_text` mappings read. Requests that are not questions keep
  their intent: "avbryt" (stop), "fel adress" (correct_field), asking for a person (human_handoff).

The component runs right after DIET, so that bot.relevance does not take a form's answer for a question
out of the field.
"""
from __future__ import annotations

import re
from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intent_decision import decide_on_evidence, set_intent
from bot.relevance import FORM_ANSWER as ANSWER, OUT_OF_SCOPE, QUESTION_INTENTS as RELEVANCE_QUESTION_INTENTS
from bot.untrained import UntrainedComponent
from hiring_rules.answers import is_question
from hiring_rules.swedish_terms import fold

GREET = "greet"
# What DIET takes for small talk when it opens a question ("okej, och om ...?", "tack! hur ...?").
SMALL_TALK = frozenset({"affirm", "deny", "thank"})
# Intents of a question DIET may see in a form's answer: the questions bot.relevance knows, and one out
# of the field. The other intents of a message in a form (stop, correct_field, affirm, deny, inform, ...)
# are what they say, and so is asking for a person, a request rather than a question.
FORM_QUESTION_INTENTS = (RELEVANCE_QUESTION_INTENTS - {"human_handoff"}) | {OUT_OF_SCOPE}
_GREETING_WORDS = frozenset({
    "hej", "hejsan", "hejhej", "halla", "tja", "tjena", "tjenare", "god", "morgon", "dag", "kvall",
    "eftermiddag", "goddag", "hello", "hi", "hallo", "hey",
})
_SMALL_TALK_WORDS = _GREETING_WORDS | frozenset({
    "ok", "okej", "okey", "ja", "japp", "jo", "jaha", "aha", "nej", "na", "nix", "tack", "tackar", "sa",
    "mycket", "bra", "toppen", "perfekt", "super",
})
_WORD = re.compile(r"[^\W\d_]+|\d+")


def says_more_than(text: str, words: frozenset[str] = _GREETING_WORDS) -> bool:
    """Words beyond `words` (a greeting): "hej har jag företrädesrätt" does, "hej hej!" and "god
    morgon" don't.

    >>> says_more_than("hej har jag foretradesratt?")
    True
    >>> says_more_than("Hejsan!")
    False
    >>> says_more_than("okej tack!", _SMALL_TALK_WORDS)
    False
    """
    return any(word not in words for word in _WORD.findall(fold(text)))


def opens_a_question(name: str | None, text: str) -> bool:
    """DIET's small talk in front of a question: a greeting with more words, or an "okej", "nej" or
    "tack" opening a question."""
    if name == GREET:
        return says_more_than(text)
    return name in SMALL_TALK and is_question(text) and says_more_than(text, _SMALL_TALK_WORDS)


def without(ranking: list[dict], names: frozenset[str]) -> list[dict]:
    """DIET's ranking without the intents `names`, its confidences renormalised to the rest.

    >>> without([{"name": "greet", "confidence": 0.6}, {"name": "faq", "confidence": 0.3},
    ...          {"name": "thank", "confidence": 0.1}], frozenset({"greet"}))
    [{'name': 'faq', 'confidence': 0.75}, {'name': 'thank', 'confidence': 0.25}]
    """
    rest = [entry for entry in ranking if entry.get("name") not in names]
    total = sum(entry.get("confidence") or 0.0 for entry in rest)
    if total <= 0:
        return rest
    return [{**entry, "confidence": round((entry.get("confidence") or 0.0) / total, 6)} for entry in rest]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SpeechAct(UntrainedComponent, IntentClassifier):
    def process(
        self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None
    ) -> List[Message]:
        """`tracker` is the conversation before these messages; None outside a conversation."""
        in_form = bool(tracker and tracker.active_loop_name and tracker.get_slot(REQUESTED_SLOT))
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):  # a button's payload says what it is
                continue
            name = (message.get(INTENT) or {}).get("name")
            if in_form and name in FORM_QUESTION_INTENTS and not is_question(text):
                decide_on_evidence(message, ANSWER)
            elif opens_a_question(name, text):
                rest = without(message.get(INTENT_RANKING_KEY) or [], SMALL_TALK | {GREET})
                if rest:
                    set_intent(message, rest[0], rest)
        return messages
