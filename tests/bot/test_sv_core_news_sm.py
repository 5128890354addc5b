"""config.sv_core_news_sm.yml: the pipeline for users who have spaCy's Swedish model installed.

Skipped where `sv_core_news_sm` cannot be imported (it is not on the registries `make` installs from).
"""
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config.sv_core_news_sm.yml"


def _pipeline(path: Path) -> list[str]:
    return [step["name"] for step in yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]]


def test_the_config_differs_from_the_default_only_in_its_tokenizer():
    default, spacy_based = _pipeline(ROOT / "config.yml"), _pipeline(CONFIG)
    assert spacy_based[:3] == ["SpacyNLP", "SpacyTokenizer", "SpacyFeaturizer"]
    assert spacy_based[3:] == default[1:]
    policies = [yaml.safe_load(p.read_text(encoding="utf-8"))["policies"] for p in (ROOT / "config.yml", CONFIG)]
    assert policies[0] == policies[1]


def test_the_config_loads_the_installed_model_into_rasa():
    pytest.importorskip("sv_core_news_sm")
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.utils.spacy_utils import SpacyNLP
    from rasa.shared.nlu.training_data.message import Message

    step = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["pipeline"][0]
    storage = LocalModelStorage(ROOT / "var" / "test-sv-core-news-sm")
    nlp = SpacyNLP.create(step, storage, Resource("spacy"), ExecutionContext(GraphSchema({}), "test"))
    message = Message(data={"text": "Hur överklagar jag anställningsbeslutet?"})
    nlp.process([message], nlp.provide())
    assert message.get("text_spacy_doc")[2].lemma_
