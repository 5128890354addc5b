"""The letters as downloadable files: the appeal, the request for public documents and the
registration of företrädesrätt, each in any of `letter_render.FORMATS`.

Nothing of a request is logged or stored: the letter is built and rendered in memory and returned.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from hiring_rules import letter, letter_render
from hiring_rules.documents_request import DocumentsRequest, build_documents_request
from hiring_rules.reemployment_notice import NoticeRequest, build_reemployment_notice

from ..dependencies import get_letter_order
from ..letter_files import LetterOrder, letter_response, with_calendar_link
from ..schemas import (
    INVALID_REQUEST,
    AgencyKey,
    Diarienummer,
    DocumentsRequestBody,
    LetterRequest,
    Position,
    ReemploymentNoticeRequest,
)

router = APIRouter(tags=["letters"], responses=INVALID_REQUEST)

LETTER_FILE = {
    200: {
        "description": "Brevet i valt format / the letter in the chosen format",
        "content": {media_type: {} for media_type in letter_render.MEDIA_TYPES.values()},
    },
}


@router.post(
    "/letters",
    response_class=Response,
    responses=LETTER_FILE,
    summary="Skriv överklagandet / Write the appeal letter",
    description=(
        "Överklagande av ett statligt anställningsbeslut, adresserat till myndigheten som fattade "
        "beslutet. Kommuner kan inte överklagas hos Statens överklagandenämnd och ger 422."
    ),
)
def write_letter(
    body: LetterRequest, request: Request, order: LetterOrder = Depends(get_letter_order)
) -> Response:
    appeal = letter.build_letter(letter.AppealRequest(**body.dict()), order.today, order.registry)
    return letter_response(with_calendar_link(appeal, request), order.fmt)


@router.post(
    "/letters/documents-request",
    response_class=Response,
    responses=LETTER_FILE,
    summary="Begär ut handlingarna / Ask for the recruitment's public documents",
    description=(
        "Begäran om allmän handling till arbetsgivarens registrator (eller rekryteringen där registret "
        "inte anger någon): den anställdes ansökan och cv och beslutet, om inte `documents` anger "
        "andra. Utan `full_name` blir begäran anonym. Fungerar också för en kommun."
    ),
)
def write_documents_request(
    body: DocumentsRequestBody, order: LetterOrder = Depends(get_letter_order)
) -> Response:
    values = body.dict()
    if values["documents"] is not None:
        values["documents"] = tuple(values["documents"])
    return order.file(build_documents_request, DocumentsRequest(**values))


@router.get(
    "/letters/documents-request/download",
    response_class=Response,
    responses=LETTER_FILE,
    summary="Begäran om handlingarna som länk / The documents request as a link",
    description=(
        "Samma anonyma begäran som POST, för länken i chatten: den innehåller inga personuppgifter, "
        "bara arbetsgivaren, anställningen och diarienumret."
    ),
)
def documents_request_file(
    agency: AgencyKey = Query(..., example="migrationsverket"),
    position: Position = Query(..., example="Handläggare"),
    diarienummer: Diarienummer = Query(..., example="2.3.4-2026-5566"),
    order: LetterOrder = Depends(get_letter_order),
) -> Response:
    request = DocumentsRequest(agency=agency, position=position, diarienummer=diarienummer)
    return order.file(build_documents_request, request)


@router.post(
    "/letters/reemployment-notice",
    response_class=Response,
    responses=LETTER_FILE,
    summary="Anmäl företrädesrätt / Register a claim to re-employment priority",
    description=(
        "Anmälan om företrädesrätt till återanställning (LAS 27 §) till arbetsgivarens rekrytering, "
        "att skriva under och skicka. En anmälan efter att företrädesrätten har gått ut (nio månader "
        "efter sista anställningsdagen) ger 422."
    ),
)
def write_reemployment_notice(
    body: ReemploymentNoticeRequest, order: LetterOrder = Depends(get_letter_order)
) -> Response:
    return order.file(build_reemployment_notice, NoticeRequest(**body.dict()))
