"""The base of the project's NLU components that learn nothing (AgencyExtractor, EnglishMessage,
FactExtractor, SpeechAct): Rasa makes them from their step's config alone and they leave the training data as it is."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData


class UntrainedComponent(GraphComponent):
    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        """`config`: the step's settings in config.yml, over `get_default_config()`."""
        self.config = {**self.get_default_config(), **(config or {})}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UntrainedComponent":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
