"""The registration of företrädesrätt (anmälan om anspråk på företrädesrätt till återanställning,
LAS 27 §): a signed notice to the employer, sent to its recruiting unit (`Agency.recruitment_contact`).

Where the employer's notice of termination said so, the right can only be used once it is registered;
Försäkringskassan requires it (seed 000: "Om du vill ha företrädesrätt måste du anmäla det"). The
notice carries the personnummer so the employer can find the employment: it is validated by
`identity.normalise_personnummer`, kept out of every repr and never logged.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import fields, messages
from .agencies import Agency, Recipient, Registry, default_registry
from .dates import date_in_answer
from .errors import InvalidInput
from .identity import normalise_personnummer
from .letter_render import Fact, Layout, Section, SendingBox, Signature
from .letter_render import file_name as letter_file_name
from .recipients import SendingTexts, sending_step
from .reemployment import priority_valid_until
from .swedish_format import plain_date

FILE_PREFIX = "anmalan-foretradesratt"
SENDING = SendingTexts.of_letter("NOTICE")


@dataclass(frozen=True)
class NoticeRequest:
    """Raw user input, as received from the chat or the HTTP API."""

    agency: str
    full_name: str
    personnummer: str = field(repr=False)
    address: str
    position: str
    employment_ended_on: dt.date
    email: str | None = None
    phone: str | None = None


def still_running_until(employment_ended_on: dt.date, today: dt.date) -> dt.date:
    """The last day of the right; InvalidInput when it has already run out (a notice would give
    nothing)."""
    valid_until = priority_valid_until(employment_ended_on)
    if valid_until < today:
        raise InvalidInput(
            "employment_ended_on", messages.NOTICE_EXPIRED.format(valid_until=plain_date(valid_until))
        )
    return valid_until


def ended_on_from_text(text: str, today: dt.date) -> str:
    """The chat's answer for the last day of employment as an ISO date, past or ahead (the notice may
    be sent as soon as the termination is notified), refused when the right has run out."""
    ended_on = date_in_answer(text, today, field="employment_ended_on", allow_future=True)
    still_running_until(ended_on, today)
    return ended_on.isoformat()


@dataclass(frozen=True)
class ReemploymentNotice:
    agency: Agency
    recipient: Recipient
    full_name: str
    personnummer: str = field(repr=False)  # YYYYMMDD-XXXX
    address: tuple[str, ...]
    town: str
    email: str | None
    phone: str | None
    position: str
    employment_ended_on: dt.date
    valid_until: dt.date
    written_on: dt.date

    @property
    def sending_steps(self) -> tuple[str, ...]:
        agency = self.agency
        steps = [sending_step(agency, self.recipient, SENDING)]
        if agency.reemployment.how_to_register:  # the employer's own words on registering
            steps.append(agency.reemployment.how_to_register)
        elif agency.reemployment.registration_required:
            steps.append(messages.REASON_REGISTER_REQUIRED.format(name=agency.display_name))
        else:
            steps.append(messages.REASON_REGISTER_MAYBE)
        steps += [
            messages.NOTICE_SEND_SOON.format(
                valid_until=plain_date(self.valid_until), agency=agency.display_name
            ),
            messages.NOTICE_SEND_CONDITIONS,
            messages.REASON_DECLINE_WARNING,
        ]
        return tuple(steps)

    def layout(self) -> Layout:
        ground = messages.NOTICE_GROUND_FUTURE if self.employment_ended_on >= self.written_on else (
            messages.NOTICE_GROUND_PAST
        )
        contact = []
        if self.email:
            contact.append(f"{messages.LETTER_EMAIL_LABEL}: {self.email}")
        if self.phone:
            contact.append(f"{messages.LETTER_PHONE_LABEL}: {self.phone}")
        return Layout(
            title=messages.NOTICE_TITLE,
            author=self.full_name,
            place_and_date=messages.LETTER_PLACE_AND_DATE.format(
                town=self.town, date=plain_date(self.written_on)
            ),
            sender=(
                self.full_name,
                *self.address,
                f"{messages.LETTER_PERSONNUMMER_LABEL}: {self.personnummer}",
                *contact,
            ),
            recipient=self.recipient.address,
            facts=(
                Fact(messages.LETTER_POSITION_LABEL, self.position),
                Fact(messages.NOTICE_LAST_DAY_LABEL, plain_date(self.employment_ended_on)),
            ),
            sections=(
                Section(
                    None,
                    (
                        messages.NOTICE_CLAIM.format(agency=self.agency.display_name),
                        ground.format(
                            position=self.position, date=plain_date(self.employment_ended_on)
                        ),
                        messages.NOTICE_OFFER.format(valid_until=plain_date(self.valid_until)),
                        messages.NOTICE_CONFIRM,
                    ),
                ),
            ),
            signature=Signature(messages.LETTER_SIGNATURE_LABEL, self.full_name, handwritten=True),
            sending=SendingBox(
                messages.NOTICE_SENDING_HEADING, self.sending_steps, messages.LETTER_SENDING_NOTE
            ),
        )

    def file_name(self, fmt: str) -> str:
        """E.g. "anmalan-foretradesratt-forsakringskassan.pdf": the employer, never the person."""
        return letter_file_name(FILE_PREFIX, self.agency.key, fmt)


def build_reemployment_notice(
    request: NoticeRequest, today: dt.date, registry: Registry | None = None
) -> ReemploymentNotice:
    """Validate every field of `request`; InvalidInput names the first bad field. A notice after the
    right has run out is refused: it would give nothing."""
    agency = (registry or default_registry()).get(request.agency)
    full_name = fields.full_name(request.full_name)
    address = fields.address(request.address)
    personnummer = normalise_personnummer(request.personnummer, today)
    position = fields.position(request.position)
    valid_until = still_running_until(request.employment_ended_on, today)
    return ReemploymentNotice(
        agency=agency,
        recipient=agency.recruitment_contact,
        full_name=full_name,
        personnummer=personnummer,
        address=address,
        town=fields.town(address),
        email=fields.optional(fields.email, request.email),
        phone=fields.optional(fields.phone, request.phone),
        position=position,
        employment_ended_on=request.employment_ended_on,
        valid_until=valid_until,
        written_on=today,
    )
