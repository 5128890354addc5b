"""The appeal's fields are declared once (hiring_rules.appeal_fields); the chat form, the letter request,
the HTTP API and the tracker read-back agree with that table."""
import dataclasses
from pathlib import Path

import yaml

from actions.appeal_form import FORM_SLOTS
from api.schemas import LetterRequest
from hiring_rules import messages
from hiring_rules.appeal_fields import APPEAL_FIELDS, FIELD_NAMES
from hiring_rules.letter import AppealRequest

DOMAIN = Path(__file__).resolve().parents[2] / "bot" / "domain" / "appeal.yml"
REQUIRED = {appeal_field.name for appeal_field in APPEAL_FIELDS if appeal_field.required}


def _domain() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


def test_the_chat_form_asks_for_the_fields_in_the_tables_order():
    assert tuple(_domain()["forms"]["appeal_form"]["required_slots"]) == FIELD_NAMES


def test_every_field_is_a_slot_of_the_domain():
    assert set(FIELD_NAMES) <= set(_domain()["slots"]) | {"agency"}  # agency: bot/domain/agency.yml


def test_cancelling_clears_every_field_but_the_employer():
    assert set(FORM_SLOTS) == set(FIELD_NAMES) - {"agency"}


def test_the_letter_request_has_the_fields_and_requires_the_required_ones():
    request_fields = {f.name: f for f in dataclasses.fields(AppealRequest)}
    assert set(request_fields) == set(FIELD_NAMES)
    without_default = {
        name for name, f in request_fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert without_default == REQUIRED


def test_the_api_letter_request_has_the_fields_and_requires_the_required_ones():
    api_fields = LetterRequest.__fields__
    assert set(api_fields) == set(FIELD_NAMES)
    assert {name for name, f in api_fields.items() if f.required} == REQUIRED


def test_every_field_has_a_swedish_label():
    assert all(field.label == messages.FIELD_LABELS[field.name] for field in APPEAL_FIELDS)
    assert len({field.label for field in APPEAL_FIELDS}) == len(APPEAL_FIELDS)


def test_the_correction_buttons_offer_every_field_in_the_tables_order():
    buttons = _domain()["responses"]["utter_appeal_ask_what_to_change"][0]["buttons"]
    named = [button["payload"].split('"appeal_field":"')[1].split('"')[0] for button in buttons]
    assert tuple(named) == FIELD_NAMES
