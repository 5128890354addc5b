"""Fixtures of the tests that talk to a real Rasa stack through its REST channel."""
from __future__ import annotations

import pytest

from stack.rasa_stack import RasaStackWithHttpApi, trained_model


@pytest.fixture(scope="session")
def rest_stack(tmp_path_factory):
    """The action server and Rasa with the trained model and its HTTP API (for the letter downloads),
    started once for the tests that talk to the REST channel (each in conversations of its own)."""
    stack = RasaStackWithHttpApi(tmp_path_factory.mktemp("rest"), trained_model())
    try:
        stack.start_actions()
        stack.start_rasa()
        yield stack
    finally:
        stack.stop()
