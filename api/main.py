"""The FastAPI application: `uvicorn api.main:app`."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from hiring_rules.errors import InvalidInput

from .errors import ServerErrors, http_exception_handler, invalid_input_handler, request_validation_handler
from .lifespan import lifespan
from .limits import BodyLimits
from .routers import agencies, answers, chat, chat_page, deadline, eligibility, health, hr_page, letters
from .routers import conversations, docs_page, letter_download
from .schemas import EVERY_OPERATION
from .security_headers import SecurityHeaders
from .url_guard import UrlGuard

DESCRIPTION = """
Självbetjäning för dig som har sökt jobb hos en offentlig arbetsgivare: sista dag att överklaga ett
anställningsbeslut (också som kalenderfil), företrädesrätt till återanställning och färdiga brev att
skicka: överklagandet, begäran om rekryteringens handlingar och anmälan om företrädesrätt.
Vägledning, inte juridisk rådgivning.

*Self-service API for applicants to Swedish public employers: appeal deadline (also as a calendar
file), re-employment priority and the letters: the appeal, the request for the recruitment's
documents and the registration of re-employment priority. All user-facing texts are Swedish; dates are ISO 8601 (YYYY-MM-DD).*
"""

TAGS = [
    {"name": "health", "description": "Driftstatus / service status"},
    {"name": "agencies", "description": "Arbetsgivare / employers"},
    {"name": "deadline", "description": "Överklagandetid / appeal period"},
    {"name": "eligibility", "description": "Företrädesrätt / re-employment priority"},
    {"name": "letters", "description": "Breven: överklagande, begäran om handlingar, anmälan om "
                                       "företrädesrätt / the letters"},
    {"name": "answers", "description": "Assistentens svar för HR / the assistant's answers for HR staff"},
]


app = FastAPI(
    title="Överklagandeassistenten",
    description=DESCRIPTION,
    version="0.1.0",
    openapi_tags=TAGS,
    lifespan=lifespan,
    docs_url=None,  # docs_page serves /docs from local assets
    redoc_url=None,
    responses=EVERY_OPERATION,
)
# Outermost last: headers on every response, then the Swedish 500, then the URL and body checks.
app.add_middleware(BodyLimits)
app.add_middleware(UrlGuard)
app.add_middleware(ServerErrors)
app.add_middleware(SecurityHeaders)
app.add_exception_handler(HTTPException, http_exception_handler)
app.add_exception_handler(RequestValidationError, request_validation_handler)
app.add_exception_handler(InvalidInput, invalid_input_handler)

app.include_router(health.router)
for router in (agencies.router, deadline.router, eligibility.router, letters.router, letter_download.router):
    app.include_router(router, prefix="/api")
app.include_router(chat.router, prefix="/api")
app.include_router(conversations.router, prefix="/api")
app.include_router(chat_page.router)
app.include_router(answers.router, prefix="/api")
app.include_router(hr_page.router)
app.include_router(docs_page.router)
app.mount(docs_page.ASSETS_URL, StaticFiles(directory=docs_page.ASSETS_DIR), name="docs-assets")
app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
