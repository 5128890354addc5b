"""Whole conversations through the REST channel of a running assistant (`rasa run` with the trained
model and `rasa run actions`): an appeal, with a wrong date and a wrong personnummer on the way, and
the registration of företrädesrätt offered after the walk-through, fetched through the chat's link."""
import datetime as dt
import re

import pytest

from api.dependencies import get_today
from api.main import app
from api.settings import Settings, get_settings
from hiring_rules import letter_link, messages, sealing_key
from hiring_rules.agencies import default_registry
from tests.letter_text import pdf_text
from stack.rasa_stack import bot_texts, response_text

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
    monkeypatch.delenv(sealing_key.KEY_ENV, raising=False)
    monkeypatch.setenv(sealing_key.KEY_FILE_ENV, rest_stack.env[sealing_key.KEY_FILE_ENV])  # the action server's key
    assert letter_link.conversation_of(token, dt.datetime.now(dt.timezone.utc)) == sender
    assert "9876" not in letter


def test_the_registration_offered_after_the_walk_through_is_fetched_through_the_chats_link(
    rest_stack, api_client, monkeypatch
):
    """The walk-through finds the right at Försäkringskassan, which requires registration: the offer is
    accepted, the end date is not asked again, a wrong personnummer is refused, and the link in the
    chat gives the PDF, read back, with the number in full and the employer's recruiting unit."""
    sender = "e2e-anmalan"
    employer = {"agency": "forsakringskassan"}
    ended_on = dt.date.today() + dt.timedelta(days=20)

    def say(text: str) -> str:
        return bot_texts(rest_stack.send(sender, text, employer))

    assert response_text("utter_ask_termination_reason") in say("har jag företrädesrätt?")
    assert response_text("utter_ask_employment_type") in say("arbetsbrist")
    assert response_text("utter_ask_months_employed") in say("tillsvidare")
    assert response_text("utter_ask_employment_ended_on") in say("två år")
    assert response_text("utter_ask_registered") in say(ended_on.isoformat())
    verdict = say("nej")
    assert "Enligt dina svar har du troligen företrädesrätt" in verdict
    assert "Vill du att jag skriver en anmälan om företrädesrätt" in verdict

    reply = say("ja")
    assert response_text("utter_reemployment_notice_intro") in reply
    assert response_text("utter_ask_reemployment_notice_form_position") in reply
    # the walk-through's end date is reused: the form goes on to the name
    reply = say("Handläggare inom sjukpenning")
    assert response_text("utter_ask_reemployment_notice_form_full_name") in reply
    assert response_text("utter_ask_reemployment_notice_form_address") in say("Anna Svensson")
    reply = say("Storgatan 1, 123 45 Karlstad")
    assert response_text("utter_ask_reemployment_notice_form_personnummer") in reply
    reply = say("19811218-9875")  # wrong check digit
    assert messages.PERSONNUMMER_INVALID in reply
    assert response_text("utter_ask_reemployment_notice_form_personnummer") in reply
    assert response_text("utter_ask_reemployment_notice_form_contact") in say("811218-9876")
    summary = say("anna.svensson@exempel.se")
    assert "Personnummer: ********-**76" in summary and "Kontakt: anna.svensson@exempel.se" in summary

    letter = say("ja")
    assert "Personnummer: ********-**76" in letter and messages.NOTICE_TITLE in letter
    assert "9876" not in letter
    (url,) = re.findall(r"/api/letters/reemployment-notice/[A-Za-z0-9_-]+\.pdf", letter)

    monkeypatch.delenv(sealing_key.KEY_ENV, raising=False)
    monkeypatch.setenv(sealing_key.KEY_FILE_ENV, rest_stack.env[sealing_key.KEY_FILE_ENV])  # the action server's key
    settings = Settings(rasa_url=f"http://127.0.0.1:{rest_stack.rasa_port}", rasa_token=rest_stack.token)
    app.dependency_overrides[get_settings] = lambda: settings
    app.dependency_overrides[get_today] = lambda: dt.date.today()  # the chat wrote it today
    response = api_client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    assert messages.NOTICE_TITLE in text and "Anna Svensson" in text and "Personnummer: 19811218-9876" in text
    assert "Handläggare inom sjukpenning" in text and "anna.svensson@exempel.se" in text
    fk = default_registry().get("forsakringskassan")
    assert all(line in text for line in fk.recruitment_contact.address)
    assert api_client.get(url.replace("reemployment-notice/", "")).status_code == 404  # not an appeal
