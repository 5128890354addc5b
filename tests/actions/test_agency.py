"""The `agency` slot: the employer from message metadata, a button entity, or the text, set through an
`agency` entity that bot.agency.AgencyExtractor adds only when the slot should change."""

import pytest
from rasa.shared.core.events import ActiveLoop, SlotSet
from rasa.shared.core.slots import TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from actions.agency import agency_to_set
from bot.agency import AgencyExtractor


def _set(text, metadata=None, entities=(), agency=None, form=None, requested_slot=None):
    message = {"text": text, "entities": list(entities), "metadata": metadata}
    return agency_to_set(message, agency, form, requested_slot)


def test_metadata_of_the_embedding_page_sets_the_employer():
    assert _set("hur lång är intervjun?", {"agency": "migrationsverket"}) == "migrationsverket"


def test_the_employer_the_text_names_comes_before_the_page():
    """ "och till Migrationsverket då?" on Försäkringskassan's page asks about Migrationsverket."""
    assert _set("och till Migrationsverket då?", {"agency": "forsakringskassan"},
                agency="forsakringskassan") == "migrationsverket"


def test_the_page_does_not_take_back_the_users_choice():
    assert _set("kan man mejla dit?", {"agency": "forsakringskassan"}, agency="migrationsverket") is None


def test_unknown_metadata_key_falls_back_to_the_text():
    assert _set("på FK", {"agency": "skatteverket"}) == "forsakringskassan"


def test_button_entity_sets_the_employer():
    entities = [{"entity": "agency", "value": "karlstads_kommun"}]
    assert _set('/inform_agency{"agency":"karlstads_kommun"}', entities=entities) == "karlstads_kommun"


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
    assert _set(text) == key


def test_a_text_naming_no_employer_keeps_the_metadata_employer():
    assert _set("hur lång tid tar rekryteringen?", agency="forsakringskassan") is None


def test_a_text_naming_two_employers_sets_nothing():
    assert _set("FK eller Migrationsverket?") is None


def test_naming_the_current_employer_again_sets_nothing():
    """No entity, so no SlotSet: a form that asked something else still sees its question unanswered."""
    assert _set("på FK", agency="forsakringskassan") is None


def test_a_text_naming_another_employer_replaces_the_current_one():
    assert _set("och hos Migrationsverket då?", agency="forsakringskassan") == "migrationsverket"


def test_an_answer_to_another_form_question_does_not_change_the_employer():
    """An appeal to Migrationsverket from someone who lives in Karlstad stays with Migrationsverket."""
    assert (
        _set(
            "Storgatan 1, 652 24 Karlstad",
            agency="migrationsverket",
            form="appeal_form",
            requested_slot="address",
        )
        is None
    )


def test_a_form_asking_for_the_employer_reads_the_text():
    assert (
        _set("jobbade på Försäkringskassan", form="reemployment_form", requested_slot="agency")
        == "forsakringskassan"
    )


def test_buttons_and_metadata_count_even_while_a_form_asks_something_else():
    assert (
        _set("vad gäller där?", {"agency": "karlstads_kommun"}, form="appeal_form", requested_slot="grounds")
        == "karlstads_kommun"
    )


def _tracker(*events):
    slots = [TextSlot("agency", mappings=[]), TextSlot("requested_slot", mappings=[])]
    return DialogueStateTracker.from_events("test", list(events), slots=slots)


def _agency_entities(text, tracker=None, metadata=None):
    message = Message(data={"text": text, "metadata": metadata or {}})
    [parsed] = AgencyExtractor().process([message], tracker)
    return [entity["value"] for entity in parsed.get("entities") or [] if entity["entity"] == "agency"]


def test_the_component_reads_the_conversation_from_the_tracker():
    in_the_form = _tracker(
        SlotSet("agency", "migrationsverket"), ActiveLoop("appeal_form"), SlotSet("requested_slot", "address")
    )
    assert _agency_entities("Storgatan 1, 652 24 Karlstad", in_the_form) == []
    assert _agency_entities("på FK", _tracker(SlotSet("agency", "forsakringskassan"))) == []
    assert _agency_entities(
        "och hos Migrationsverket då?", _tracker(SlotSet("agency", "forsakringskassan"))
    ) == ["migrationsverket"]


def test_the_component_takes_the_metadata_while_a_form_asks_something_else():
    in_the_form = _tracker(ActiveLoop("appeal_form"), SlotSet("requested_slot", "grounds"))
    assert _agency_entities("vad gäller där?", in_the_form, {"agency": "karlstads_kommun"}) == [
        "karlstads_kommun"
    ]


def test_without_a_conversation_the_component_reads_the_message_alone():
    """`rasa test nlu` and /model/parse pass no tracker."""
    assert _agency_entities("jag sökte jobb på Migrationsverket") == ["migrationsverket"]
    assert _agency_entities("hur lång tid tar rekryteringen?") == []
