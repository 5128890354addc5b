"""bot/folding_tokenizer.py: a word typed without å, ä, ö gives the CountVectorsFeaturizers the same
feature as the word written with them; the token's text stays as typed."""
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.folding_tokenizer import FoldingWhitespaceTokenizer


def tokenizer() -> FoldingWhitespaceTokenizer:
    return FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())


def test_the_lemma_is_folded_and_the_text_kept():
    tokens = tokenizer().tokenize(Message.build(text="Är det för sent att Överklaga?"), TEXT)
    assert [token.text for token in tokens] == ["Är", "det", "för", "sent", "att", "Överklaga"]
    assert [token.lemma for token in tokens] == ["ar", "det", "for", "sent", "att", "overklaga"]


def test_with_and_without_diacritics_the_words_are_the_same_features(tmp_path):
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    words = tokenizer()
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), LocalModelStorage(tmp_path), Resource("cvf"),
        ExecutionContext(None),
    )
    training = TrainingData([Message.build(text="när går överklagandet till nämnden", intent="faq")])
    words.process_training_data(training)
    featurizer.train(training)

    def features(text: str):
        message = Message.build(text=text)
        words.process([message])
        featurizer.process([message])
        sequence, _ = message.get_sparse_features(TEXT)
        return sequence.features.toarray().tolist()

    assert features("nar gar overklagandet till namnden") == features("när går överklagandet till nämnden")
    assert features("nar gar overklagandet till namnden") != features("när går ansökan till nämnden")
