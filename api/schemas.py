"""The API contract: request and response models (pydantic v1).

Dates are ISO 8601 strings (YYYY-MM-DD) both ways. Text fields have generous size caps that only keep
requests bounded; the real limits and the cleaning of each field live in `hiring_rules`, so the chat
and the API refuse the same input with the same message.
"""
from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Extra, Field, PydanticValueError, StrictBool, constr, validator

from hiring_rules.reemployment import MAX_MONTHS, EmploymentType, TerminationReason

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IsoDateFormatError(PydanticValueError):
    code = "iso_date"
    msg_template = "date must be YYYY-MM-DD"


class DateNotInCalendarError(PydanticValueError):
    code = "date_not_in_calendar"
    msg_template = "{value} is not a date in the calendar"


class DateOutOfRangeError(PydanticValueError):
    code = "date_out_of_range"
    msg_template = "date must lie between {earliest} and {latest}"


class NotANumberError(PydanticValueError):
    code = "not_a_number"
    msg_template = "value must be a JSON number"


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


class RequestModel(BaseModel):
    """A request body: an unknown (misspelt) field is refused rather than ignored."""

    class Config:
        extra = Extra.forbid


# --- errors ---
class ErrorItem(BaseModel):
    field: str = Field(..., description="Fältet i begäran / the request field", example="personnummer")
    message: str = Field(..., description="Felet på svenska / the error in Swedish")


class ErrorResponse(BaseModel):
    detail: list[ErrorItem]


# --- health ---
class HealthResponse(BaseModel):
    status: str = Field(..., example="ok")
    components: dict[str, str] = Field(..., example={"api": "ok", "registry": "ok"})


# --- registry ---
class HrContactsOut(BaseModel):
    name: str | None
    phone: str | None
    email: str | None
    note: str | None


class ReemploymentOut(BaseModel):
    registration_required: bool | None
    how_to_register: str | None


class AgencyOut(BaseModel):
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


# --- deadline ---
class DeadlineRequest(RequestModel):
    posted_on: IsoDate = Field(..., description="Dagen då beslutet anslogs / the day it was posted")
    today: IsoDate | None = Field(None, description="Dagens datum; utelämnat = serverns datum")


class DeadlineResponse(BaseModel):
    posted_on: dt.date
    deadline: dt.date
    nominal_deadline: dt.date
    shifted: bool
    shifted_because: str | None
    reason: str | None
    explanation: str
    days_left: int
    passed: bool


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


class EligibilityResponse(BaseModel):
    eligible: bool
    valid_until: dt.date | None
    requires_registration: bool
    reasons: list[str]


# --- letters ---
class LetterRequest(RequestModel):
    agency: AgencyKey = Field(..., example="forsakringskassan")
    full_name: FullName = Field(..., example="Anna Svensson")
    address: Address = Field(
        ..., description="Gatuadress, postnummer och ort", example="Storgatan 1, 123 45 Karlstad"
    )
    personnummer: Personnummer = Field(..., example="ÅÅÅÅMMDD-XXXX")
    position: Position = Field(..., example="Handläggare sjukpenning")
    diarienummer: Diarienummer = Field(..., example="FK 2026/012345")
    grounds: Grounds = Field(..., description="Varför beslutet är fel / why the decision is wrong")
    decision_posted_on: IsoDate | None = Field(None, description="Dagen då beslutet anslogs")
    appointee: Appointee | None = Field(None, description="Vilken av anställningarna som överklagas")


INVALID_REQUEST = {422: {"model": ErrorResponse, "description": "Ogiltig begäran / invalid request"}}


# --- answers (HR answer search) ---
class AnswerSourceOut(BaseModel):
    title: str = Field(..., example="Steg för steg: Från ansökan till anställd (forsakringskassan.se)")
    file: str = Field(
        ..., description="Sidan i shared/seeds/ eller LEGAL.md", example="000_608113aa403d07d1.txt"
    )


class AnswerButtonOut(BaseModel):
    title: str = Field(..., example="Skriv ett överklagande")
    payload: str = Field(..., example="/start_appeal")


class AnswerHit(BaseModel):
    item: str = Field(..., description="Svarets namn i assistenten (utan utter_)", example="faq/interview")
    title: str = Field(..., example="Intervjun")
    agency: str | None = Field(..., description="Arbetsgivarens nyckel; null = svaret för alla arbetsgivare")
    agency_name: str = Field(..., example="Migrationsverket")
    text: str = Field(..., description="Svaret ordagrant som assistenten skickar det")
    buttons: list[AnswerButtonOut]
    source: AnswerSourceOut = Field(..., description="Sidan svaret främst bygger på")
    sources: list[AnswerSourceOut] = Field(..., description="Alla sidor svaret bygger på, `source` först")
    score: float = Field(..., description="Relevans (BM25); högre är bättre")
