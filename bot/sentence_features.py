"""Only the sentence-level features of a message and a response reach DIET and the ResponseSelector.

Rasa's featurizers give each message token-level ("sequence") and message-level ("sentence") features.
Without transformer layers (config.yml) and without entity recognition, DIET and the ResponseSelector
classify a message by the embedding at its sentence position alone (`_last_token` of the combined
sequence); the token positions pass through the sparse-to-dense and feed-forward layers for nothing.
Their features are replaced by one empty token, because Rasa's sequence layer requires token-level
features: the classifiers' input at the sentence position stays as it was, and every training epoch
and chat turn is spared the work on the tokens (bench/results/train.md, chat_load.md).
"""
from __future__ import annotations

from typing import List

import scipy.sparse

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, RESPONSE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.untrained import UntrainedComponent

# The attributes the classifiers embed: a user's message, and the ResponseSelector's answer texts.
ATTRIBUTES = frozenset({TEXT, RESPONSE})
PLACEHOLDER = "SentenceFeaturesOnly"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceFeaturesOnly(UntrainedComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            drop_sequence_features(message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            drop_sequence_features(message)
        return training_data


def drop_sequence_features(message: Message) -> None:
    """Replace the token-level features of the classifiers' attributes by one empty token."""
    dropped = {features.attribute for features in message.features
               if features.type == FEATURE_TYPE_SEQUENCE and features.attribute in ATTRIBUTES}
    message.features = [
        features for features in message.features
        if not (features.type == FEATURE_TYPE_SEQUENCE and features.attribute in dropped)
    ] + [
        Features(scipy.sparse.coo_matrix((1, 1)), FEATURE_TYPE_SEQUENCE, attribute, PLACEHOLDER)
        for attribute in sorted(dropped)
    ]
