"""The Överklagan letter: validated content (`build_letter`) and its layout (`AppealLetter.layout`).

The four formats come from `hiring_rules.letter_render`, which lays out every letter alike.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import fields, messages
from .agencies import Agency, Registry, default_registry
from .deadline import Deadline, appeal_deadline
from .errors import InvalidInput
from .identity import normalise_diarienummer, normalise_personnummer, personnummer_spans
from .letter_render import Fact, Layout, Link, Section, SendingBox, Signature
from .letter_render import file_name as letter_file_name
from .swedish_format import genitive, long_date, plain_date

FILE_PREFIX = "overklagande"


@dataclass(frozen=True)
class AppealRequest:
    """Raw user input, as received from the chat form or the HTTP API; its fields are those of
    `appeal_fields.APPEAL_FIELDS`, the optional ones with a default."""

    agency: str
    full_name: str
    address: str
    personnummer: str = field(repr=False)
    position: str
    diarienummer: str
    grounds: str
    decision_posted_on: dt.date | None = None
    appointee: str | None = None


class NoAppealRoute(InvalidInput):
    """The employer's hiring decisions cannot be appealed to Statens överklagandenämnd (a kommun);
    `consequence` says what that means where it is said (no letter, no deadline)."""

    def __init__(self, agency_name: str, consequence: str = messages.NO_ROUTE_NO_LETTER):
        super().__init__(
            "agency", messages.NO_STATE_APPEAL_ROUTE.format(name=agency_name, consequence=consequence)
        )
        self.agency_name = agency_name


@dataclass(frozen=True)
class AppealLetter:
    """The validated, normalised content of one letter."""

    agency: Agency
    full_name: str
    address: tuple[str, ...]
    personnummer: str = field(repr=False)  # YYYYMMDD-XXXX
    town: str
    written_on: dt.date
    position: str
    diarienummer: str
    grounds: str
    appointee: str | None
    deadline: Deadline | None  # None when the posting day is not given; it holds the posting day
    # The address of this deadline as an iCalendar file (GET /api/deadline.ics), linked from the
    # sending box; the core does not know where it is served, so the caller gives it.
    calendar_url: str | None = None

    @property
    def place_and_date(self) -> str:
        return messages.LETTER_PLACE_AND_DATE.format(town=self.town, date=plain_date(self.written_on))

    @property
    def intro(self) -> str:
        return messages.LETTER_INTRO.format(agency_genitive=genitive(self.agency.display_name))

    @property
    def posted_on_text(self) -> str | None:
        return plain_date(self.deadline.posted_on) if self.deadline else None

    @property
    def grounds_paragraphs(self) -> tuple[str, ...]:
        """The grounds split at blank lines; single line breaks stay inside a paragraph."""
        return tuple(p.strip() for p in self.grounds.split("\n\n") if p.strip())

    @property
    def sending_steps(self) -> tuple[str, ...]:
        """The "Så skickar du överklagandet" box, one sentence group per item."""
        agency = self.agency
        name = agency.display_name
        steps = [
            messages.LETTER_SEND_SIGN,
            messages.LETTER_SEND_ENVELOPE.format(marking=agency.envelope_marking),
            messages.LETTER_SEND_EMAIL.format(email=agency.appeal_email)
            if agency.appeal_email
            else messages.LETTER_SEND_POST_ONLY.format(agency=name),
        ]
        if self.deadline is None:
            steps.append(
                messages.LETTER_SEND_DEADLINE_UNKNOWN.format(agency=name, notice_board=agency.notice_board)
            )
        else:
            sentence = (
                messages.LETTER_SEND_DEADLINE_PASSED if self.deadline.passed else messages.LETTER_SEND_DEADLINE
            )
            steps.append(sentence.format(agency=name, deadline=long_date(self.deadline.last_day)))
        steps.append(messages.LETTER_SEND_FORWARDED.format(agency=name))
        return tuple(steps)

    @property
    def calendar_wanted(self) -> bool:
        """Whether the sending box should link the deadline's calendar file: a known, future deadline."""
        return self.deadline is not None and not self.deadline.passed

    def layout(self) -> Layout:
        facts = [
            Fact(messages.LETTER_POSITION_LABEL, self.position),
            Fact(messages.LETTER_DIARIENUMMER_LABEL, self.diarienummer, is_reference=True),
        ]
        if self.appointee:
            facts.append(Fact(messages.LETTER_APPOINTEE_LABEL, self.appointee))
        if self.posted_on_text:
            facts.append(Fact(messages.LETTER_POSTED_ON_LABEL, self.posted_on_text))
        links = (
            (Link(messages.LETTER_CALENDAR_LINK, self.calendar_url),)
            if self.calendar_url and self.calendar_wanted
            else ()
        )
        return Layout(
            title=messages.LETTER_TITLE,
            author=self.full_name,
            place_and_date=self.place_and_date,
            sender=(
                self.full_name,
                *self.address,
                f"{messages.LETTER_PERSONNUMMER_LABEL}: {self.personnummer}",
            ),
            recipient=self.agency.appeal_address,
            facts=tuple(facts),
            sections=(
                Section(None, (self.intro,)),
                Section(messages.LETTER_REQUEST_HEADING, (messages.LETTER_REQUEST,)),
                Section(messages.LETTER_GROUNDS_HEADING, self.grounds_paragraphs),
            ),
            signature=Signature(messages.LETTER_SIGNATURE_LABEL, self.full_name, handwritten=True),
            sending=SendingBox(
                messages.LETTER_SENDING_HEADING, self.sending_steps, messages.LETTER_SENDING_NOTE, links
            ),
        )

    def file_name(self, fmt: str) -> str:
        """An ASCII file name from the diarienummer, e.g. "overklagande-FK-2026-012345.pdf"."""
        return letter_file_name(FILE_PREFIX, self.diarienummer, fmt)


def build_letter(request: AppealRequest, today: dt.date, registry: Registry | None = None) -> AppealLetter:
    """Validate every field of `request`; InvalidInput names the first bad field."""
    agency = (registry or default_registry()).get(request.agency)
    if not agency.state_appeal_route:
        raise NoAppealRoute(agency.display_name)
    full_name = fields.full_name(request.full_name)
    address = fields.address(request.address)
    personnummer = normalise_personnummer(request.personnummer, today)
    position = fields.position(request.position)
    if _looks_like_personnummer(request.diarienummer, personnummer):  # before its message could echo it
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_IS_PERSONNUMMER)
    diarienummer = normalise_diarienummer(request.diarienummer)
    grounds = fields.grounds(request.grounds)
    appointee = fields.appointee(request.appointee)
    posted_on = request.decision_posted_on
    return AppealLetter(
        agency=agency,
        full_name=full_name,
        address=address,
        personnummer=personnummer,
        town=fields.town(address),
        written_on=today,
        position=position,
        diarienummer=diarienummer,
        grounds=grounds,
        appointee=appointee,
        deadline=appeal_deadline(posted_on, today, "decision_posted_on") if posted_on else None,
    )


def _looks_like_personnummer(diarienummer: object, personnummer: str) -> bool:
    """True when the applicant's own number, or any valid personnummer, was typed as the diarienummer.

    Keeps a personnummer out of the file name, which is built from the diarienummer.
    """
    text = str(diarienummer or "")
    return personnummer.replace("-", "")[2:] in re.sub(r"\D", "", text) or bool(personnummer_spans(text))
