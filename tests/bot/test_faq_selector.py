"""bot/faq_selector.py: the FAQ item of a message, written where Rasa's ResponseSelector writes it, and
the same after the model is stored and loaded."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import text_classifier
from bot.faq_selector import LinearFaqSelector
from bot.text_classifier import UntrustedModel

EXAMPLES = {
    "faq/appeal_deadline": ["hur lång tid har jag på mig att överklaga", "när är sista dagen att överklaga",
                            "hinner jag överklaga beslutet"],
    "faq/interview": ["hur lång är intervjun", "hur går intervjun till", "vad frågar de på intervjun"],
    "faq/references": ["ringer ni mina referenser", "hur många referenser behövs",
                       "kontaktar ni referenserna"],
}


def _training_data() -> TrainingData:
    examples = [
        Message.build(text=text, intent="faq", intent_response_key=key)
        for key, texts in EXAMPLES.items() for text in texts
    ]
    examples.append(Message.build(text="hej", intent="greet"))  # not a question for the selector
    return TrainingData(examples)


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def _create(storage, config=None) -> LinearFaqSelector:
    return LinearFaqSelector.create(
        {**LinearFaqSelector.get_default_config(), **(config or {})}, storage, Resource("faq_selector"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def _load(storage) -> LinearFaqSelector:
    return LinearFaqSelector.load(
        LinearFaqSelector.get_default_config(), storage, Resource("faq_selector"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def _selected(selector: LinearFaqSelector, text: str) -> dict:
    message = Message(data={"text": text})
    selector.process([message])
    return message.get("response_selector")


def test_a_question_gets_its_item_and_a_ranking_where_the_response_selector_puts_them(storage):
    selector = _create(storage, {"ranking_length": 2})
    selector.train(_training_data())
    output = _selected(selector, "hur lang tid har jag pa mig att overklaga?")  # typed without å/ä/ö
    assert output["all_retrieval_intents"] == ["faq"]
    chosen, ranking = output["faq"]["response"], output["faq"]["ranking"]
    assert chosen["intent_response_key"] == "faq/appeal_deadline"
    assert ranking[0] == chosen and len(ranking) == 2
    assert ranking[0]["confidence"] >= ranking[1]["confidence"] > 0


def test_the_stored_model_answers_as_the_trained_one(storage):
    trained = _create(storage)
    trained.train(_training_data())
    loaded = _load(storage)
    for text in ("kontaktar ni mina referenser?", "vad händer på intervjun", "något helt annat"):
        assert _selected(loaded, text) == _selected(trained, text)


def test_a_model_with_types_not_trusted_is_not_loaded(storage, monkeypatch):
    _create(storage).train(_training_data())
    monkeypatch.setattr(text_classifier, "TRUSTED_TYPES", [])
    with pytest.raises(UntrustedModel):
        _load(storage)


def test_without_faq_examples_nothing_is_trained_and_messages_pass_unchanged(storage):
    selector = _create(storage)
    selector.train(TrainingData([Message.build(text="hej", intent="greet")]))
    assert _selected(_load(storage), "hur lång är intervjun") is None
