"""The chat's letters from their forms' slots (actions/letter_slots.py): the same letter as from the
same values given directly, the personnummer opened from its sealed token, empty slots not given."""
import dataclasses
import datetime as dt

import pytest

from actions.letter_slots import appeal_letter, appeal_request, notice_request, reemployment_notice
from hiring_rules import messages, sealing
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import AppealRequest, build_letter
from hiring_rules.letter_render import render
from hiring_rules.reemployment_notice import NoticeRequest, build_reemployment_notice
from tests.hiring_rules.letters import APPLICANT

pytestmark = pytest.mark.usefixtures("sealing_key")

TODAY = dt.date(2026, 11, 10)
SHARED_SLOTS = {**APPLICANT, "address": "Storgatan 1, 652 24 KARLSTAD"}
APPEAL = {
    "diarienummer": "FK 2026/012345",
    "grounds": "Jag har längre erfarenhet av handläggning än den som anställdes.",
}


def slots(**values):
    return {**SHARED_SLOTS, "personnummer": sealing.seal(APPLICANT["personnummer"]), **values}


def test_the_appeal_slots_give_the_letter_of_the_same_values():
    from_chat = appeal_letter(slots(**APPEAL, decision_posted_on="2026-11-02", appointee="Eva Ek"), TODAY)
    request = AppealRequest(
        **{**SHARED_SLOTS, "personnummer": APPLICANT["personnummer"]}, **APPEAL,
        decision_posted_on=dt.date(2026, 11, 2), appointee="Eva Ek",
    )
    assert render(from_chat, "txt") == render(build_letter(request, TODAY), "txt")


def test_empty_optional_appeal_slots_are_not_given():
    request = appeal_request(slots(**APPEAL, decision_posted_on="", appointee=""))
    assert (request.decision_posted_on, request.appointee) == (None, None)


def test_a_personnummer_token_that_does_not_open_is_a_seal_error(sealing_key):
    filled = slots(**APPEAL)
    sealing_key()  # another key, as after a key change
    with pytest.raises(sealing.SealError):
        appeal_request(filled)
    with pytest.raises(sealing.SealError):
        notice_request({**filled, "employment_ended_on": "2026-10-31", "contact": "anna@exempel.se"})


def test_the_registration_slots_give_the_notice_of_the_same_values():
    filled = slots(employment_ended_on="2026-10-31", contact="anna@exempel.se, +46 70 123 45 67")
    request = NoticeRequest(
        **{**SHARED_SLOTS, "personnummer": APPLICANT["personnummer"]},
        employment_ended_on=dt.date(2026, 10, 31), email="anna@exempel.se", phone="+46 70 123 45 67",
    )
    assert render(reemployment_notice(filled, TODAY), "txt") == render(
        build_reemployment_notice(request, TODAY), "txt"
    )
    phone_only = notice_request({**filled, "contact": "tel +46 70 123 45 67"})
    assert dataclasses.replace(request, email=None) == phone_only


def test_a_registration_without_its_end_date_names_the_field():
    with pytest.raises(InvalidInput) as refused:
        notice_request(slots(contact="anna@exempel.se"))
    assert refused.value.field == "employment_ended_on"
    assert refused.value.message == messages.TEXT_EMPTY.format(label=messages.FIELD_LABELS["employment_ended_on"])
