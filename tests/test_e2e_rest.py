"""One whole appeal through the REST channel of a running assistant (`rasa run` with the trained model
and `rasa run actions`), with a wrong date and a wrong personnummer on the way."""
import datetime as dt
import re

import pytest

from hiring_rules import letter_link, messages, sealing
from tests.rasa_stack import bot_texts, response_text

pytestmark = pytest.mark.slow

GROUNDS = (
    "Jag har arbetat sex år som handläggare inom sjukförsäkringen och har en högre utbildning än den "
    "som fick tjänsten. Jag uppfyller alla krav i annonsen."
)


def test_a_whole_appeal_through_the_rest_channel(rest_stack, monkeypatch):
    sender = "e2e-overklagande"
    employer = {"agency": "forsakringskassan"}  # the chat page embedded at Försäkringskassan
    posted_on = dt.date.today() - dt.timedelta(days=5)

    def say(text: str) -> str:
        return bot_texts(rest_stack.send(sender, text, employer))

    reply = say("jag vill överklaga ett anställningsbeslut")
    assert response_text("utter_appeal_intro") in reply
    assert response_text("utter_ask_appeal_form_position") in reply

    assert response_text("utter_ask_appeal_form_diarienummer") in say("Handläggare inom sjukförsäkring")
    assert response_text("utter_ask_appeal_form_appointee") in say("FK 2026/012345")
    assert response_text("utter_ask_appeal_form_decision_posted_on") in say("nej, bara en")

    reply = say("den 45 november")
    assert messages.DATE_IMPOSSIBLE.format(value="den 45 november", month="november", day=45) in reply
    assert response_text("utter_ask_appeal_form_decision_posted_on") in reply

    assert response_text("utter_ask_appeal_form_grounds") in say(posted_on.isoformat())
    assert response_text("utter_ask_appeal_form_full_name") in say(GROUNDS)
    assert response_text("utter_ask_appeal_form_address") in say("Anna Svensson")
    assert response_text("utter_ask_appeal_form_personnummer") in say("Storgatan 1, 123 45 Karlstad")

    reply = say("19811218-9875")  # wrong check digit
    assert messages.PERSONNUMMER_INVALID in reply
    assert response_text("utter_ask_appeal_form_personnummer") in reply

    summary = say("811218-9876")
    assert "Personnummer: ********-**76" in summary
    assert "Diarienummer: FK 2026/012345" in summary and "Adress: Storgatan 1, 123 45 Karlstad" in summary

    letter = say("ja")
    assert "Tre veckor från anslagsdagen" in letter or "Anslagsdagen är" in letter
    assert "Personnummer: ********-**76" in letter and "Överklagande av anställningsbeslut" in letter
    (token,) = re.findall(r"/api/letters/([A-Za-z0-9_-]+)\.pdf", letter)
    monkeypatch.delenv(sealing.KEY_ENV, raising=False)
    monkeypatch.setenv(sealing.KEY_FILE_ENV, rest_stack.env[sealing.KEY_FILE_ENV])  # the action server's key
    assert letter_link.conversation_of(token, dt.datetime.now(dt.timezone.utc)) == sender
    assert "9876" not in letter
