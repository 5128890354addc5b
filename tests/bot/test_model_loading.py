"""bot/model_loading.py: the Rasa server's eager build of the NLU models gives the model Rasa's own
loading gives, every TensorFlow model loaded with the same weights and every message parsed alike."""
import asyncio

import numpy as np
import pytest

from stack.rasa_stack import trained_model

MESSAGES = (
    "Hej!",
    "hur lång är intervjun?",
    "vart skickar jag överklagandet?",
    "och hos Migrationsverket då?",
    "vad händer sen?",
    "Anslaget kom upp 3 november, när är sista dagen?",
    "vilket väder blir det i morgon?",
)


def load(eager: bool) -> tuple[dict, list[dict]]:
    """The weights of each TensorFlow model of the loaded assistant, by graph node, and its parses."""
    from rasa.core.agent import Agent
    from rasa.utils.tensorflow.models import RasaModel

    from bot import model_loading

    model_loading.install() if eager else model_loading.uninstall()
    try:
        agent = Agent.load(str(trained_model()))
    finally:
        model_loading.uninstall()
    nodes = agent.processor.graph_runner._instantiated_nodes
    weights = {
        name: [variable.numpy() for variable in node._component.model.weights]
        for name, node in nodes.items()
        if isinstance(getattr(node._component, "model", None), RasaModel)
    }

    async def parse_all() -> list[dict]:
        return [await agent.parse_message(text) for text in MESSAGES]

    return weights, asyncio.run(parse_all())


@pytest.mark.slow
def test_the_eagerly_built_model_is_the_model_rasa_loads():
    eager_weights, eager_parses = load(eager=True)
    rasa_weights, rasa_parses = load(eager=False)
    assert len(rasa_weights) == 1  # DIET, not left untrained
    assert eager_weights.keys() == rasa_weights.keys()
    for name, weights in rasa_weights.items():
        assert len(eager_weights[name]) == len(weights), name
        for eager, rasa in zip(eager_weights[name], weights):
            assert eager.shape == rasa.shape and np.array_equal(eager, rasa), name
    assert eager_parses == rasa_parses
