"""English questions through the REST channel of a running assistant (the trained model and the action
server): answered in English for the employer of the conversation, and the Swedish question after them in
Swedish."""
import pytest

from actions.english import SWEDISH_NOTE
from hiring_rules.faq import default_english_faq, default_faq
from stack.rasa_stack import bot_texts

pytestmark = pytest.mark.slow


def test_an_english_question_is_answered_in_english_for_the_employer(rest_stack):
    employer = {"agency": "forsakringskassan"}
    question = "Where do I send my appeal against the decision?"
    reply = bot_texts(rest_stack.send("english-fk", question, employer))
    assert default_english_faq().answer("appeal_address", "forsakringskassan").text in reply
    assert reply.endswith(default_english_faq().answer(SWEDISH_NOTE).text)


def test_a_municipality_in_english_then_the_same_question_in_swedish(rest_stack):
    employer = {"agency": "karlstads_kommun"}
    question = "Can I appeal the hiring decision at the municipality?"
    reply = bot_texts(rest_stack.send("english-karlstad", question, employer))
    assert default_english_faq().answer("appeal_how", "karlstads_kommun").text in reply
    question = "hur överklagar man ett anställningsbeslut?"
    reply = bot_texts(rest_stack.send("english-karlstad", question, employer))
    assert default_faq().answer("appeal_how", "karlstads_kommun").text in reply
    assert default_english_faq().answer(SWEDISH_NOTE).text not in reply


def test_another_english_question_gets_the_short_english_reply(rest_stack):
    reply = bot_texts(rest_stack.send("english-other", "What is the weather going to be like tomorrow?"))
    assert reply == default_english_faq().answer("other_topic").text
