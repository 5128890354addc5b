"""bot/sentence_features.py: the classifiers get a message's sentence-level features and one empty
token, and the pipelines keep the premise that makes the token-level features unused."""
from pathlib import Path

import pytest
import yaml
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, INTENT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.folding_tokenizer import FoldingWhitespaceTokenizer
from bot.sentence_features import PLACEHOLDER, SentenceFeaturesOnly

ROOT = Path(__file__).resolve().parents[2]
CLASSIFIERS = {"DIETClassifier": DIETClassifier, "ResponseSelector": ResponseSelector}


@pytest.fixture
def featurize(tmp_path):
    """Tokenize and featurize like the pipeline, with the word CountVectorsFeaturizer trained on two
    questions and their answer."""
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), LocalModelStorage(tmp_path), Resource("cvf"),
        ExecutionContext(None),
    )
    training = TrainingData([
        Message.build(text=text, intent="faq", response="Du kan överklaga inom tre veckor.")
        for text in ("hur överklagar jag beslutet", "när är sista dagen")
    ])
    tokenizer.process_training_data(training)
    featurizer.train(training)
    featurizer.process_training_data(training)

    def featurized(text: str) -> Message:
        message = Message.build(text=text)
        tokenizer.process([message])
        featurizer.process([message])
        return message

    featurized.training = training
    return featurized


def token_features(message: Message, attribute: str) -> list[tuple]:
    """Origin, shape and stored values of each token-level feature matrix of `attribute`."""
    return [(features.origin, features.features.shape, features.features.nnz) for features in message.features
            if features.attribute == attribute and features.type == FEATURE_TYPE_SEQUENCE]


def test_token_features_become_one_empty_token_and_the_sentence_features_stay(featurize):
    training = featurize.training
    message = training.training_examples[0]
    sentence_before = message.get_sparse_features(TEXT)[1].features.toarray().tolist()
    intent_before = message.get_sparse_features(INTENT)

    SentenceFeaturesOnly().process_training_data(training)

    for attribute in (TEXT, RESPONSE):
        assert token_features(message, attribute) == [(PLACEHOLDER, (1, 1), 0)]
        assert message.get_sparse_features(attribute)[1].features.shape[0] == 1
    assert message.get_sparse_features(TEXT)[1].features.toarray().tolist() == sentence_before
    assert message.get_sparse_features(INTENT) == intent_before


def test_a_message_in_a_chat_gets_the_same_kind_of_features_as_in_training(featurize):
    message = featurize("hur överklagar jag")
    sentence_before = message.get_sparse_features(TEXT)[1].features.toarray().tolist()
    SentenceFeaturesOnly().process([message])
    assert token_features(message, TEXT) == [(PLACEHOLDER, (1, 1), 0)]
    assert message.get_sparse_features(TEXT)[1].features.toarray().tolist() == sentence_before
    assert message.get_sparse_features(RESPONSE) == (None, None)


@pytest.mark.parametrize("config", ["config.yml", "config.sv_core_news_sm.yml"])
def test_the_classifiers_read_only_the_sentence_position(config):
    """Token-level features matter to DIET and the ResponseSelector only through transformer layers,
    masked language modelling or entity recognition; with any of them the component would blind them."""
    pipeline = yaml.safe_load((ROOT / config).read_text(encoding="utf-8"))["pipeline"]
    names = [step["name"] for step in pipeline]
    component = names.index("bot.sentence_features.SentenceFeaturesOnly")
    for step in pipeline:
        if step["name"] not in CLASSIFIERS:
            continue
        settings = {**CLASSIFIERS[step["name"]].get_default_config(), **step}
        assert names.index(step["name"]) > component
        layers = settings["number_of_transformer_layers"]
        assert all(n == 0 for n in layers.values()) if isinstance(layers, dict) else layers == 0
        assert not settings["use_masked_language_model"]
        # The ResponseSelector never recognises entities; DIET does unless told not to.
        assert step["name"] != "DIETClassifier" or not settings["entity_recognition"]
