"""action_extract_agency: the employer from message metadata, a button entity, or the text."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.agency import ActionExtractAgency


def _tracker(text, metadata=None, entities=(), agency=None, form=None, requested_slot=None):
    message = {"text": text, "intent": {"name": "faq"}, "entities": list(entities), "metadata": metadata}
    return Tracker(
        sender_id="test",
        slots={"agency": agency, "requested_slot": requested_slot},
        latest_message=message,
        events=[{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}],
        paused=False,
        followup_action=None,
        active_loop={"name": form} if form else {},
        latest_action_name="action_listen",
    )


def _run(tracker):
    return asyncio.run(ActionExtractAgency().run(CollectingDispatcher(), tracker, {}))


def test_metadata_of_the_embedding_page_sets_the_employer():
    assert _run(_tracker("hur lång är intervjun?", {"agency": "migrationsverket"})) == [
        SlotSet("agency", "migrationsverket")
    ]


def test_metadata_comes_before_the_employer_the_text_names():
    tracker = _tracker("jobbade på Försäkringskassan", {"agency": "karlstads_kommun"})
    assert _run(tracker) == [SlotSet("agency", "karlstads_kommun")]


def test_unknown_metadata_key_falls_back_to_the_text():
    assert _run(_tracker("på FK", {"agency": "skatteverket"})) == [SlotSet("agency", "forsakringskassan")]


def test_button_entity_sets_the_employer():
    tracker = _tracker(
        '/inform_agency{"agency":"karlstads_kommun"}',
        entities=[{"entity": "agency", "value": "karlstads_kommun"}],
    )
    assert _run(tracker) == [SlotSet("agency", "karlstads_kommun")]


@pytest.mark.parametrize(
    "text, key",
    [
        ("hur går intervjun till på FK?", "forsakringskassan"),
        ("jag sökte jobb på Migrationsverket", "migrationsverket"),
        ("kan man överklaga kommunen", "karlstads_kommun"),
        ("forsakringskasan tester", "forsakringskassan"),
    ],
)
def test_the_text_names_the_employer(text, key):
    assert _run(_tracker(text)) == [SlotSet("agency", key)]


def test_a_text_naming_no_employer_keeps_the_metadata_employer():
    assert _run(_tracker("hur lång tid tar rekryteringen?", agency="forsakringskassan")) == []


def test_a_text_naming_two_employers_sets_nothing():
    assert _run(_tracker("FK eller Migrationsverket?")) == []


def test_naming_the_current_employer_again_sets_nothing():
    """No SlotSet, so a form that asked something else still sees its question unanswered."""
    assert _run(_tracker("på FK", agency="forsakringskassan")) == []


def test_a_text_naming_another_employer_replaces_the_current_one():
    assert _run(_tracker("och hos Migrationsverket då?", agency="forsakringskassan")) == [
        SlotSet("agency", "migrationsverket")
    ]


def test_an_answer_to_another_form_question_does_not_change_the_employer():
    """An appeal to Migrationsverket from someone who lives in Karlstad stays with Migrationsverket."""
    tracker = _tracker(
        "Storgatan 1, 652 24 Karlstad",
        agency="migrationsverket",
        form="appeal_form",
        requested_slot="address",
    )
    assert _run(tracker) == []


def test_a_form_asking_for_the_employer_reads_the_text():
    tracker = _tracker("jobbade på Försäkringskassan", form="reemployment_form", requested_slot="agency")
    assert _run(tracker) == [SlotSet("agency", "forsakringskassan")]


def test_buttons_and_metadata_count_even_while_a_form_asks_something_else():
    tracker = _tracker(
        "vad gäller där?", {"agency": "karlstads_kommun"}, form="appeal_form", requested_slot="grounds"
    )
    assert _run(tracker) == [SlotSet("agency", "karlstads_kommun")]
