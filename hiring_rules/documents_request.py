"""The request for public documents (begäran om allmän handling): the appointee's application, CV and
the decision, asked of the employer's registrar, or of the recruiting unit where the registry names no
registrar (`Agency.records_contact`).

Anyone may ask, anonymously and without saying why, and the request must be handled promptly
(tryckfrihetsförordningen 2 kap. 15 and 18 §§); it works for a municipality too. The three weeks for
an appeal keep running meanwhile, which the sending box says where an appeal route exists.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import fields, messages
from .agencies import Agency, Recipient, Registry, default_registry
from .errors import InvalidInput
from .identity import normalise_diarienummer, personnummer_spans
from .letter_render import Fact, Layout, Section, SendingBox, Signature
from .letter_render import file_name as letter_file_name
from .recipients import SendingTexts, sending_step
from .swedish_format import genitive, plain_date

FILE_PREFIX = "begaran-allman-handling"
MAX_DOCUMENTS = 10
SENDING = SendingTexts.of_letter("DOCUMENTS")


@dataclass(frozen=True)
class DocumentsRequest:
    """Raw user input. `documents` None asks for the default three; no name makes it anonymous."""

    agency: str
    position: str
    diarienummer: str
    documents: tuple[str, ...] | None = None
    full_name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class DocumentsLetter:
    agency: Agency
    recipient: Recipient
    position: str
    diarienummer: str
    documents: tuple[str, ...]
    full_name: str | None
    email: str | None
    written_on: dt.date

    @property
    def sending_steps(self) -> tuple[str, ...]:
        name = self.agency.display_name
        steps = [sending_step(self.agency, self.recipient, SENDING), messages.DOCUMENTS_SEND_ANONYMOUS]
        if not self.full_name and not self.email:
            steps.append(messages.DOCUMENTS_SEND_WHERE_TO_REPLY)
        steps.append(messages.DOCUMENTS_SEND_PROMPTLY.format(agency=name))
        steps.append(
            messages.DOCUMENTS_SEND_FEES_STATE
            if self.agency.is_state_agency
            else messages.DOCUMENTS_SEND_FEES_OTHER.format(agency=name)
        )
        if self.agency.state_appeal_route:
            steps.append(messages.DOCUMENTS_SEND_APPEAL_RUNNING)
        return tuple(steps)

    def layout(self) -> Layout:
        promptly = [messages.DOCUMENTS_PROMPTLY]
        if self.agency.state_appeal_route:
            promptly.append(messages.DOCUMENTS_APPEAL_RUNNING)
        reply = (
            messages.DOCUMENTS_REPLY_TO.format(email=self.email)
            if self.email
            else messages.DOCUMENTS_REPLY_BY_EMAIL
        )
        sender = tuple(
            line
            for line in (
                self.full_name,
                f"{messages.LETTER_EMAIL_LABEL}: {self.email}" if self.email else None,
            )
            if line
        )
        return Layout(
            title=messages.DOCUMENTS_TITLE,
            author=self.full_name,
            place_and_date=plain_date(self.written_on),
            sender=sender,
            recipient=self.recipient.address,
            facts=(
                Fact(messages.LETTER_POSITION_LABEL, self.position),
                Fact(messages.LETTER_DIARIENUMMER_LABEL, self.diarienummer, is_reference=True),
            ),
            sections=(
                Section(
                    None,
                    (messages.DOCUMENTS_INTRO.format(agency_genitive=genitive(self.agency.display_name)),),
                    self.documents,
                ),
                Section(None, (reply, " ".join(promptly))),
            ),
            signature=Signature(messages.DOCUMENTS_GREETING, self.full_name, handwritten=False),
            sending=SendingBox(
                messages.DOCUMENTS_SENDING_HEADING, self.sending_steps, messages.LETTER_SENDING_NOTE
            ),
        )

    def file_name(self, fmt: str) -> str:
        """E.g. "begaran-allman-handling-FK-2026-012345.pdf"."""
        return letter_file_name(FILE_PREFIX, self.diarienummer, fmt)


def build_documents_request(
    request: DocumentsRequest, today: dt.date, registry: Registry | None = None
) -> DocumentsLetter:
    """Validate every field of `request`; InvalidInput names the first bad field."""
    agency = (registry or default_registry()).get(request.agency)
    position = fields.position(request.position)
    if personnummer_spans(str(request.diarienummer or "")):  # before its message could echo it
        raise InvalidInput("diarienummer", messages.DIARIENUMMER_IS_PERSONNUMMER)
    diarienummer = normalise_diarienummer(request.diarienummer)
    return DocumentsLetter(
        agency=agency,
        recipient=agency.records_contact,
        position=position,
        diarienummer=diarienummer,
        documents=_documents(request.documents),
        full_name=fields.optional(fields.full_name, request.full_name),
        email=fields.optional(fields.email, request.email),
        written_on=today,
    )


def _documents(values: tuple[str, ...] | None) -> tuple[str, ...]:
    if values is None:
        return messages.DOCUMENTS_DEFAULT
    if not values:
        raise InvalidInput("documents", messages.DOCUMENTS_EMPTY)
    if len(values) > MAX_DOCUMENTS:
        raise InvalidInput("documents", messages.DOCUMENTS_TOO_MANY.format(max=MAX_DOCUMENTS))
    return tuple(fields.document(value) for value in values)
