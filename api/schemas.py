"""The API contract: request and response models (pydantic v1).

Dates are ISO 8601 strings (YYYY-MM-DD) both ways. Text fields have generous size caps that only keep
requests bounded; the real limits and the cleaning of each field live in `hiring_rules`, so the chat
and the API refuse the same input with the same message. Every model derives from `ApiModel`, whose
JSON schema says where a value can be null.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re

from pydantic import BaseModel, Extra, Field, PydanticValueError, StrictBool, constr, validator

from hiring_rules.answer_index import Hit
from hiring_rules.deadline import SOON_DAYS, Urgency
from hiring_rules.reemployment import MAX_MONTHS, EmploymentType, TerminationReason

from .unsafe_text import has_unsafe_text

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _value_error(code: str, msg_template: str) -> type[PydanticValueError]:
    """An error pydantic reports as `value_error.<code>`; api.errors gives each code its Swedish text."""
    return type(f"{code}_error", (PydanticValueError,), {"code": code, "msg_template": msg_template})


IsoDateFormatError = _value_error("iso_date", "date must be YYYY-MM-DD")
DateNotInCalendarError = _value_error("date_not_in_calendar", "{value} is not a date in the calendar")
DateOutOfRangeError = _value_error("date_out_of_range", "date must lie between {earliest} and {latest}")
NotANumberError = _value_error("not_a_number", "value must be a JSON number")
UnsafeTextError = _value_error(
    "unsafe_text", "text holds a control character, a lone surrogate or a non-character"
)


class IsoDate(dt.date):
    """A calendar date given exactly as YYYY-MM-DD, between EARLIEST_DATE and LATEST_DATE."""

    @classmethod
    def __get_validators__(cls):
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict) -> None:
        field_schema.update(type="string", format="date", example="2026-05-29")

    @classmethod
    def validate(cls, value: object) -> dt.date:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise IsoDateFormatError()
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            raise DateNotInCalendarError(value=value) from None
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise DateOutOfRangeError(earliest=EARLIEST_DATE.year, latest=LATEST_DATE.year)
        return parsed


AgencyKey = constr(strict=True, max_length=60)
FullName = constr(strict=True, max_length=200)
Address = constr(strict=True, max_length=400)
Personnummer = constr(strict=True, max_length=20)
Position = constr(strict=True, max_length=300)
Diarienummer = constr(strict=True, max_length=80)
Grounds = constr(strict=True, max_length=10_000)
Appointee = constr(strict=True, max_length=400)


def _declare_null(schema: dict, model: type[BaseModel]) -> None:
    """Pydantic 1 leaves null out of an Optional field's JSON schema; OpenAPI 3.1 needs it said, or
    the documented schema refuses the nulls that requests and responses really carry."""
    for model_field in model.__fields__.values():
        value_schema = schema["properties"][model_field.alias]
        if not model_field.allow_none or not value_schema.keys() - {"title", "description"}:
            continue  # not nullable, or `Any` (whose schema allows null already)
        if "type" in value_schema:
            value_schema["type"] = [value_schema["type"], "null"]
        else:  # a nested model (a `$ref`, in an `allOf` when the field has a description), or null
            model_schema = {key: value_schema.pop(key) for key in ("$ref", "allOf") if key in value_schema}
            value_schema["anyOf"] = [model_schema, {"type": "null"}]


class ApiModel(BaseModel):
    """The base of every request and response model."""

    class Config:
        schema_extra = staticmethod(_declare_null)


class RequestModel(ApiModel):
    """A request body: an unknown (misspelt) field is refused rather than ignored, and so is text that
    holds a character no field may hold (`api.unsafe_text`)."""

    class Config:
        extra = Extra.forbid

    @validator("*", pre=True)
    def _no_unsafe_text(cls, value: object) -> object:
        if isinstance(value, str) and has_unsafe_text(value):
            raise UnsafeTextError()
        return value


# --- errors ---
class ErrorItem(ApiModel):
    field: str = Field(..., description="Fältet i begäran / the request field", example="personnummer")
    message: str = Field(..., description="Felet på svenska / the error in Swedish")


class ErrorResponse(ApiModel):
    detail: list[ErrorItem]


# --- health ---
class HealthResponse(ApiModel):
    status: str = Field(..., example="ok")
    components: dict[str, str] = Field(..., example={"api": "ok", "registry": "ok"})


# --- registry ---
class HrContactsOut(ApiModel):
    name: str | None
    phone: str | None
    email: str | None
    note: str | None


class ReemploymentOut(ApiModel):
    registration_required: bool | None
    how_to_register: str | None
    sava_wording: str | None


class RegistrarOut(ApiModel):
    address: list[str]
    email: str | None


class AgencyOut(ApiModel):
    key: str
    display_name: str
    kind: str
    state_appeal_route: bool
    appeal_address: list[str]
    appeal_email: str | None
    envelope_marking: str | None
    notice_board: str | None
    hr_contacts: HrContactsOut
    reemployment: ReemploymentOut
    aliases: list[str]
    source: list[str]
    other_emails: dict[str, str]  # further addresses by purpose ("it_trainee")
    registrar: RegistrarOut | None = Field(
        ..., description="Registratorn för begäran om allmän handling; null = rekryteringens adress"
    )


# --- deadline ---
class DeadlineRequest(RequestModel):
    posted_on: IsoDate = Field(..., description="Dagen då beslutet anslogs / the day it was posted")
    today: IsoDate | None = Field(None, description="Dagens datum; utelämnat = serverns datum")


class DeadlineResponse(ApiModel):
    class Config:
        orm_mode = True  # read from hiring_rules.deadline.Deadline's attributes (`urgency` is a property)
        allow_population_by_field_name = True  # the core's names; the JSON keeps the aliases

    posted_on: dt.date
    last_day: dt.date = Field(..., alias="deadline")
    nominal_last_day: dt.date = Field(..., alias="nominal_deadline")
    shifted: bool
    shifted_because: str | None
    reason: str | None
    explanation: str
    days_left: int
    passed: bool
    urgency: Urgency = Field(
        ..., description=f"passed, today, soon (färre än {SOON_DAYS} dagar kvar: posten hinner kanske inte fram) eller ok"
    )


# --- eligibility (företrädesrätt) ---
class EligibilityRequest(RequestModel):
    termination_reason: TerminationReason
    employment_type: EmploymentType
    months_employed: float = Field(..., ge=0, le=MAX_MONTHS, example=13)
    employment_ended_on: IsoDate
    today: IsoDate | None = Field(None, description="Dagens datum; utelämnat = serverns datum")
    registered: StrictBool = Field(False, description="Har anmält anspråk på företrädesrätt")
    agency: AgencyKey | None = Field(
        None, description="Nyckel i myndighetsregistret", example="forsakringskassan"
    )

    @validator("months_employed", pre=True)
    def _a_number_not_text(cls, value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise NotANumberError()
        return value


class EligibilityResponse(ApiModel):
    eligible: bool
    valid_until: dt.date | None
    requires_registration: bool
    reasons: list[str]


# --- letters ---
# The fields of a letter its writer signs with name and personnummer: the appeal and the registration
# of företrädesrätt. (A comment, not a docstring: pydantic would put a docstring into both schemas.)
class SignedLetterRequest(RequestModel):
    agency: AgencyKey = Field(..., example="forsakringskassan")
    full_name: FullName = Field(..., example="Anna Svensson")
    address: Address = Field(
        ..., description="Gatuadress, postnummer och ort", example="Storgatan 1, 123 45 Karlstad"
    )
    personnummer: Personnummer = Field(..., example="ÅÅÅÅMMDD-XXXX")


class LetterRequest(SignedLetterRequest):
    position: Position = Field(..., example="Handläggare sjukpenning")
    diarienummer: Diarienummer = Field(..., example="FK 2026/012345")
    grounds: Grounds = Field(..., description="Varför beslutet är fel / why the decision is wrong")
    decision_posted_on: IsoDate | None = Field(None, description="Dagen då beslutet anslogs")
    appointee: Appointee | None = Field(None, description="Vilken av anställningarna som överklagas")


Email = constr(strict=True, max_length=254)
Phone = constr(strict=True, max_length=30)
DocumentName = constr(strict=True, max_length=200)
MAX_DOCUMENTS_LISTED = 20  # the core allows fewer (hiring_rules.documents_request) and says so


class DocumentsRequestBody(RequestModel):
    agency: AgencyKey = Field(..., example="migrationsverket")
    position: Position = Field(..., example="Handläggare")
    diarienummer: Diarienummer = Field(..., example="2.3.4-2026-5566")
    documents: list[DocumentName] | None = Field(
        None,
        max_items=MAX_DOCUMENTS_LISTED,
        description="Handlingarna du vill ha; utelämnat = ansökan, cv och beslutet om anställning",
    )
    full_name: FullName | None = Field(None, description="Utelämnat = begäran utan namn", example="Anna Svensson")
    email: Email | None = Field(None, description="Dit kopiorna ska skickas", example="anna@exempel.se")

    @validator("documents", each_item=True)
    def _no_unsafe_text_in_a_document(cls, value: str) -> str:
        if has_unsafe_text(value):
            raise UnsafeTextError()
        return value


class ReemploymentNoticeRequest(SignedLetterRequest):
    position: Position = Field(..., description="Anställningen som upphörde", example="Handläggare")
    employment_ended_on: IsoDate = Field(..., description="Sista anställningsdagen")
    email: Email | None = Field(None, example="anna@exempel.se")
    phone: Phone | None = Field(None, example="+46 70 123 45 67")


# The 422 of an operation that reads input; a router all of whose operations do says it once, as the
# router's `responses`.
INVALID_REQUEST = {422: {"model": ErrorResponse, "description": "Ogiltig begäran / invalid request"}}


# --- chat ---
# The conversation id is the key to a conversation (its letter link holds it encrypted), so it must be
# unguessable: the chat page makes it from 24 random bytes (32 characters, base64url).
SenderId = constr(strict=True, regex=r"^[A-Za-z0-9_-]{22,64}$")
# The documented example; like any conversation id it is no key to a letter (its link holds a token).
EXAMPLE_SENDER = "mQ3v0Yk2c9Zq1TfWb7HxLd4uRs8pNe6A"
MAX_MESSAGE_CHARS = 2000
ChatText = constr(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_MESSAGE_CHARS)


class ChatMetadata(RequestModel):
    agency: AgencyKey | None = Field(
        None, description="Nyckel i myndighetsregistret", example="migrationsverket"
    )


class ChatRequest(RequestModel):
    sender: SenderId = Field(
        ..., description="Samtalets id, slumpat av klienten / the conversation id, random",
        example=EXAMPLE_SENDER,
    )
    message: ChatText = Field(..., description="Användarens meddelande / the user's message", example="Hej!")
    metadata: ChatMetadata | None = None


class DetailResponse(ApiModel):
    detail: str = Field(..., description="Felet på svenska / the error in Swedish")


def unavailable(description: str) -> dict:
    """The 503 of an operation that raises `api.errors.service_unavailable` (a service behind the API
    cannot answer now), for the operation's `responses`."""
    return {503: {"model": DetailResponse, "description": description}}


RASA_DOWN = unavailable("Assistenten svarar inte / Rasa is down")


# What any operation can answer before its route runs (api/url_guard.py, api/limits.py).
EVERY_OPERATION = {
    404: {"model": DetailResponse, "description": "Ingenting på adressen / no such path"},
    413: {"model": DetailResponse, "description": "Begäran är för stor / request body too large"},
}


# --- answers (HR answer search) ---
class AnswerSourceOut(ApiModel):
    title: str = Field(..., example="Steg för steg: Från ansökan till anställd (forsakringskassan.se)")
    file: str = Field(
        ..., description="Sidan i shared/seeds/ eller LEGAL.md", example="000_608113aa403d07d1.txt"
    )


class AnswerButtonOut(ApiModel):
    title: str = Field(..., example="Skriv ett överklagande")
    payload: str = Field(..., example="/start_appeal")


class AnswerHit(ApiModel):
    item: str = Field(..., description="Svarets namn i assistenten (utan utter_)", example="faq/interview")
    title: str = Field(..., example="Intervjun")
    agency: str | None = Field(..., description="Arbetsgivarens nyckel; null = svaret för alla arbetsgivare")
    agency_name: str = Field(..., example="Migrationsverket")
    text: str = Field(..., description="Svaret ordagrant som assistenten skickar det")
    buttons: list[AnswerButtonOut]
    source: AnswerSourceOut = Field(..., description="Sidan svaret främst bygger på")
    sources: list[AnswerSourceOut] = Field(..., description="Alla sidor svaret bygger på, `source` först")
    score: float = Field(..., description="Relevans (BM25); högre är bättre")

    @classmethod
    def of(cls, hit: Hit) -> "AnswerHit":
        """The hit as the API shows it: its answer's fields, the answer's first page as `source`."""
        answer = dataclasses.asdict(hit.answer)
        return cls(**answer, source=answer["sources"][0], score=round(hit.score, 3))
