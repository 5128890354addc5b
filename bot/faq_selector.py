"""Which FAQ item a message asks about: a linear classifier over word and character n-grams.

It takes the place of Rasa's ResponseSelector for the retrieval intent `faq` and writes the same output
(`response_selector.faq`: the chosen `faq/<item>` with its confidence, and a ranking), which
`actions/faq.py` reads. A logistic regression on TF-IDF n-grams (bot/text_classifier.py) chose better
than the ResponseSelector on the understanding benchmark (2400 turns, 2026-12-04): 85.5 % of the turns
right instead of 84.5 %, 328 instead of 314 of the 442 turns of the two sets never read, in-field
questions wrongly refused 2.3 % instead of 2.7 % (config.yml). It trains in about 10 s (the whole model
from scratch in 101 s instead of 170 s, bench/results/train.md) and classifies a message without
TensorFlow.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
)
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline

from bot import text_classifier

MODEL_FILE = "faq_selector.skops"
FAQ_INTENT = "faq"


def faq_item(example: Message, intent: str = FAQ_INTENT) -> Optional[str]:
    """The `faq/<item>` of a training question of the retrieval intent; None for any other example."""
    return example.get(INTENT_RESPONSE_KEY) if example.get(INTENT) == intent else None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearFaqSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "retrieval_intent": FAQ_INTENT,
            # inverse regularisation strength of the logistic regression (sklearn's C)
            "C": 100.0,
            # items in the ranking, as the ResponseSelector's ranking_length
            "ranking_length": 10,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[Pipeline] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearFaqSelector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearFaqSelector":
        try:
            with model_storage.read_from(resource) as directory:
                model = text_classifier.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):  # trained without FAQ examples: nothing stored
            model = None
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self._config["retrieval_intent"]
        examples = [
            (e.get(TEXT) or "", item) for e in training_data.intent_examples if (item := faq_item(e, intent))
        ]
        if examples:
            texts, items = zip(*examples)
            self._model = text_classifier.fit(texts, items, self._config["C"])
            with self._storage.write_to(self._resource) as directory:
                text_classifier.save(self._model, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        intent = self._config["retrieval_intent"]
        labels = self._model.classes_
        probabilities = text_classifier.probabilities(self._model, [m.get(TEXT) or "" for m in messages])
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row, kind="stable")[: self._config["ranking_length"]]
            ranking = [
                {PREDICTED_CONFIDENCE_KEY: float(row[i]), INTENT_RESPONSE_KEY: str(labels[i])} for i in order
            ]
            selector = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
            selector[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [intent]
            selector[intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: dict(ranking[0]),
                RESPONSE_SELECTOR_RANKING_KEY: ranking,
            }
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selector, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
