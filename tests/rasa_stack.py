"""The old import path of stack.rasa_stack, kept only for tests/test_run_stack.py, tests/test_privacy_bot.py
and tests/test_e2e_rest.py until they move to tests/e2e/ and import stack.rasa_stack themselves."""
from stack.rasa_stack import (  # noqa: F401
    CREDENTIALS,
    START_TIMEOUT,
    RasaStack,
    bot_texts,
    free_port,
    response_text,
    trained_model,
)
