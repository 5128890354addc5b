"""The chat's letters from their forms' slots: the one place that knows which slot holds which field of
a letter request, so the core takes values only.

Used by the action server (actions/letter.py, actions/reemployment_notice.py) and by the API, which
builds the letter a chat link asks for from the conversation's slots in Rasa's tracker
(api/routers/letter_download.py); it imports nothing of Rasa, so the API can. An empty or missing
slot is taken as not given; the sealed personnummer is opened in memory only, and
`sealing.SealError` says its token cannot be opened.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from hiring_rules import fields, messages, sealing
from hiring_rules.agencies import Registry
from hiring_rules.errors import InvalidInput
from hiring_rules.letter import AppealLetter, AppealRequest, build_letter
from hiring_rules.reemployment_notice import NoticeRequest, ReemploymentNotice, build_reemployment_notice

Slots = Mapping[str, Any]
# The registration form's slots, in the order the chat asks for them; `contact` is one answer holding
# the e-mail address, the phone number or both (`fields.contact`). The appeal's are its fields'
# names (hiring_rules.appeal_fields.FIELD_NAMES).
NOTICE_SLOTS = (
    "agency", "position", "employment_ended_on", "full_name", "address", "personnummer", "contact",
)


def appeal_request(slots: Slots) -> AppealRequest:
    """The appeal form's slots (hiring_rules.appeal_fields: each field in the slot of its name)."""
    posted_on = slots.get("decision_posted_on")
    return AppealRequest(
        agency=slots.get("agency") or "",
        full_name=slots.get("full_name") or "",
        address=slots.get("address") or "",
        personnummer=sealing.unseal(slots.get("personnummer") or ""),
        position=slots.get("position") or "",
        diarienummer=slots.get("diarienummer") or "",
        grounds=slots.get("grounds") or "",
        decision_posted_on=dt.date.fromisoformat(posted_on) if posted_on else None,
        appointee=slots.get("appointee") or None,
    )


def notice_request(slots: Slots) -> NoticeRequest:
    """The registration form's slots, the contact answer split into e-mail and phone; InvalidInput for
    a contact or date slot that does not read."""
    email, phone = fields.contact(slots.get("contact") or "")
    ended_on = slots.get("employment_ended_on")
    if not ended_on:
        raise InvalidInput("employment_ended_on", messages.TEXT_EMPTY.format(
            label=messages.FIELD_LABELS["employment_ended_on"]))
    return NoticeRequest(
        agency=slots.get("agency") or "",
        full_name=slots.get("full_name") or "",
        personnummer=sealing.unseal(slots.get("personnummer") or ""),
        address=slots.get("address") or "",
        position=slots.get("position") or "",
        employment_ended_on=dt.date.fromisoformat(ended_on),
        email=email,
        phone=phone,
    )


def appeal_letter(slots: Slots, today: dt.date, registry: Registry | None = None) -> AppealLetter:
    return build_letter(appeal_request(slots), today, registry)


def reemployment_notice(slots: Slots, today: dt.date, registry: Registry | None = None) -> ReemploymentNotice:
    return build_reemployment_notice(notice_request(slots), today, registry)
