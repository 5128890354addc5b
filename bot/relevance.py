"""Out of field on evidence, not on DIET's softmax: a Rasa NLU component.

DIET spreads all its probability over the intents it knows, so a question about vaccines can get the
onboarding answer with confidence 1.0. This component looks at the words instead. At training time it
collects the vocabulary of the field (every in-field training example but the forms' answers, and every
FAQ answer text) and the words that only the out-of-scope examples use. At run time it reads the content words of a message
(no stop words, å/ä/ö folded, a typo of one letter forgiven) and, when DIET chose an in-field intent
that a question can have (an FAQ, the appeal, the deadline, företrädesrätt, a follow-up), it turns the
message into `out_of_scope` when

- a word of it is known only from out-of-scope questions ("sjukpenning", "vaccin", "körkort") and none is
  an anchor of the field (a word only a recruitment question uses: "rekrytering", "intervju",
  "företrädesrätt"; the list is the component's `anchors` in config.yml), or
- at least `unknown_share` of its content words are unknown to the field altogether and none is an anchor.

The evidence works the other way too: DIET, which has seen many more out-of-scope examples than examples
of any one answer, calls a question out of scope because of one word ("sjukpenning") even when it asks
about a job ("jag har längre erfarenhet av sjukpenning än den som fick jobbet"). A question DIET put out
of scope that holds an anchor and no out-of-scope-only word, or whose words are all words of the field,
keeps the best in-field intent DIET ranked.

A second classifier weighs the words too (bot/text_classifier.py): trained on the FAQ questions, each with
its item, and the out-of-scope questions, it turns an FAQ question into `out_of_scope` when it gives
"out of scope" at least `classifier_outside` of its probability, and where it agrees with DIET that a
question is out of scope, an anchor or the field's words do not bring it back.

Small talk, yes/no and form answers are never touched. The thresholds are chosen from the trade-off
curve on the understanding benchmark (bench/results/understanding.md).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline
from spacy.lang.sv.stop_words import STOP_WORDS

from bot import text_classifier
from bot.faq_selector import FAQ_INTENT, faq_item
from bot.intent_decision import decide_on_evidence
from hiring_rules import messages
from hiring_rules.swedish_terms import fold
from hiring_rules.sealing import tokens_in

OUT_OF_SCOPE = "out_of_scope"
# A form's answer: a position, grounds, a name. Its words are anything the user's job is about
# ("handläggare inom sjukpenning"), so they say nothing of what a question in the field is about.
FORM_ANSWER = "inform"
VOCABULARY_FILE = "vocabulary.json"
CLASSIFIER_FILE = "outside.skops"
# Intents whose message is a question that may lie outside the field.
QUESTION_INTENTS = frozenset({
    "faq", "start_appeal", "compute_deadline", "check_reemployment", "followup_time", "followup_why",
    "followup_next", "followup_how", "request_documents", "human_handoff",
})
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORD = 3  # shorter words carry no topic ("om", "få", "ny")
# spaCy's Swedish stop words are the written forms; people chat in the spoken ones ("dom", "nån", "sån",
# "mej"), which carry no topic either.
_SPOKEN_STOP_WORDS = (
    "dom", "mej", "dej", "sej", "nån", "nåt", "nåra", "nånting", "nånstans", "sån", "såna", "sånt", "typ",
    "asså", "iaf", "liksom", "mkt", "oxå", "okej", "okey", "förresten", "egentligen", "väl", "ens",
)
_STOP = {fold(w) for w in (*STOP_WORDS, *_SPOKEN_STOP_WORDS)}


# Dates are in the field whatever month they name ("anslaget kom upp i augusti").
CALENDAR_WORDS = frozenset(
    [fold(m) for m in messages.MONTH_NAMES]
    + [fold(m)[:3] for m in messages.MONTH_NAMES] + ["sept"]
    + ["mandag", "tisdag", "onsdag", "torsdag", "fredag", "lordag", "sondag", "helgdag", "helgdagar"]
)

def content_words(text: str) -> list[str]:
    """The words of `text` that carry its topic; a sealed personnummer token is no word."""
    for token in tokens_in(text):
        text = text.replace(token, " ")
    return [w for w in _WORD.findall(fold(text)) if len(w) >= _MIN_WORD and w not in _STOP]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


# Swedish inflects at the end of a word: "anställd", "anställning", "anställningen" share all but their
# last letters. A compound shares only its first part: "arbetstillstånd" is not "arbetsbrist".
_INFLECTION = 4  # letters at the end of a word that may differ from a known word's
_MIN_KNOWN = 5  # shorter words are known only as they are (no inflection)
# A typo of one letter is forgiven from six letters on; shorter words one letter apart are other words
# ("skatt" is not "satt", "sjuk" not "sju").
_MIN_TYPO = 6


def _beginning(word: str) -> str:
    """What must begin a known word for `word` to be one of its forms."""
    return word[:max(_MIN_KNOWN, len(word) - _INFLECTION)]


class _Vocabulary:
    """Words, their inflected forms and one-letter typos (deletions both ways)."""

    def __init__(self, words: set[str]):
        self.words = words
        self.beginnings = {w[:end] for w in words for end in range(_MIN_KNOWN, len(w) + 1)}
        self._deleted: dict[str, str] = {}
        for word in words:
            if len(word) >= _MIN_TYPO:
                for variant in _deletions(word):
                    self._deleted.setdefault(variant, word)

    def knows(self, word: str) -> bool:
        if word in self.words or (len(word) >= _MIN_KNOWN and _beginning(word) in self.beginnings):
            return True
        if len(word) < _MIN_TYPO:
            return False
        return word in self._deleted or any(v in self.words or v in self._deleted for v in _deletions(word))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DomainRelevance(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # share of unknown content words from which an anchorless question is out of field
            "unknown_share": 0.34,
            # ... and at least this many unknown words: one new word in a short follow-up is no evidence
            "unknown_min": 2,
            # a word known only from at least this many out-of-scope examples marks a question as outside
            "outside_min_examples": 2,
            # beginnings of words that only a question about recruitment uses (folded, no å/ä/ö)
            "anchors": [],
            # the second classifier: an FAQ question is out of field from this probability of it on
            "classifier_outside": 0.95,
            # ... and its regularisation (sklearn's C)
            "classifier_C": 100.0,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[dict] = None, classifier: Optional[Pipeline] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._anchors = tuple(fold(a) for a in self._config["anchors"])
        self._set_vocabulary(vocabulary or {"field": [], "outside": []})
        self._classifier = classifier

    def _set_vocabulary(self, vocabulary: dict) -> None:
        self._vocabulary = vocabulary
        self._field = _Vocabulary(set(vocabulary["field"]))
        self._outside = set(vocabulary["outside"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "DomainRelevance":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "DomainRelevance":
        vocabulary = classifier = None
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
                if (directory / CLASSIFIER_FILE).exists():
                    classifier = text_classifier.load(directory / CLASSIFIER_FILE)
        except (ValueError, FileNotFoundError):
            pass
        return cls(config, model_storage, resource, vocabulary, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        field_counts: Counter = Counter()
        outside_counts: Counter = Counter()
        for example in training_data.intent_examples:
            words = set(content_words(example.get(TEXT) or ""))
            if example.get(INTENT) == OUT_OF_SCOPE:
                outside_counts.update(words)
            elif example.get(INTENT) != FORM_ANSWER:
                field_counts.update(words)
        answer_words = {
            word
            for variations in training_data.responses.values()
            for variation in variations
            for word in content_words(variation.get("text") or "")
        }
        field = set(field_counts) | answer_words | CALENDAR_WORDS
        field_vocabulary = _Vocabulary(field)
        vocabulary = {
            "field": sorted(field),
            "outside": sorted(
                w for w, n in outside_counts.items()
                if n >= self._config["outside_min_examples"] and len(w) >= 5 and not field_vocabulary.knows(w)
            ),
        }
        self._set_vocabulary(vocabulary)
        self._classifier = self._train_classifier(training_data)
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
            if self._classifier is not None:
                text_classifier.save(self._classifier, directory / CLASSIFIER_FILE)
        return self._resource

    def _train_classifier(self, training_data: TrainingData) -> Optional[Pipeline]:
        """FAQ questions, each labelled with its item, against the out-of-scope questions."""
        examples = []
        for example in training_data.intent_examples:
            label = OUT_OF_SCOPE if example.get(INTENT) == OUT_OF_SCOPE else faq_item(example)
            if label:
                examples.append((example.get(TEXT) or "", label))
        kinds = {label for _, label in examples}
        if OUT_OF_SCOPE not in kinds or len(kinds) < 2:
            return None
        texts, labels = zip(*examples)
        return text_classifier.fit(texts, labels, self._config["classifier_C"])

    def outside_probability(self, text: str) -> float:
        """The second classifier's probability that `text` is out of scope (0 without the classifier)."""
        if self._classifier is None:
            return 0.0
        row = text_classifier.probabilities(self._classifier, [text])[0]
        return float(row[list(self._classifier.classes_).index(OUT_OF_SCOPE)])

    def classified_outside(self, text: str) -> bool:
        """True when the second classifier gives "out of scope" at least `classifier_outside`."""
        if self._classifier is None:
            return False
        return self.outside_probability(text) >= self._config["classifier_outside"]

    def anchored(self, text: str) -> bool:
        """True when `text` holds a word only recruitment questions use and none only others use."""
        words = content_words(text)
        return any(w.startswith(self._anchors) for w in words) and not any(w in self._outside for w in words)

    def all_in_field(self, text: str) -> bool:
        """True when every content word of `text` is one the field uses (and there are some): nothing in
        it speaks of another matter, so DIET's out-of-scope rests on no evidence."""
        words = content_words(text)
        return bool(words) and all(self._field.knows(w) and w not in self._outside for w in words)

    def outside_field(self, text: str) -> bool:
        """True when the words of `text` say it is not about recruitment at these employers."""
        words = content_words(text)
        if not words or any(w.startswith(self._anchors) for w in words):
            return False
        if any(w in self._outside for w in words):
            return True
        unknown = sum(not self._field.knows(w) for w in words)
        return unknown >= self._config["unknown_min"] and unknown / len(words) >= self._config["unknown_share"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            name = (message.get(INTENT) or {}).get("name")
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            if name in QUESTION_INTENTS and self.outside_field(text):
                decide_on_evidence(message, OUT_OF_SCOPE)
            elif name == FAQ_INTENT and self.classified_outside(text):
                decide_on_evidence(message, OUT_OF_SCOPE)
            elif name == OUT_OF_SCOPE and (self.anchored(text) or self.all_in_field(text)) and not (
                self.classified_outside(text)  # DIET and the second classifier agree: no word overrules
            ):
                in_field = next((r for r in ranking if r.get("name") in QUESTION_INTENTS | {FORM_ANSWER}), None)
                if in_field is not None:
                    decide_on_evidence(message, in_field["name"])
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
