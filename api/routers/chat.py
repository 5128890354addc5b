"""The chat proxy: one user message to the Rasa assistant, its answers back in Rasa's REST shape.

Only this port faces users; Rasa listens on localhost. Nothing of a message is logged here (it can
hold a personnummer); the REST channel on the Rasa side seals personnummer before Rasa stores anything.

The assistant's signals (bot/signals.py) are acted on here and never reach the browser. On
ERASE_CONVERSATION (a confirmed "avbryt" of the appeal form) the conversation is erased from the
tracker store once Rasa has answered: Rasa saves a turn before its REST channel answers, so the
deletion comes after the save, and the next message finds no events and starts a new conversation.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, Field, constr

from bot.signals import ERASE_CONVERSATION
from hiring_rules.agencies import Registry

from ..conversation_lock import conversation_lock
from ..conversation_store import ConversationStore, StoreUnavailable, get_conversation_store
from ..dependencies import get_registry
from ..rasa_client import BotMessage, RasaClient, RasaUnavailable, get_rasa_client, rasa_http_lifespan
from ..schemas import INVALID_REQUEST, AgencyKey, RequestModel

RASA_UNAVAILABLE = (
    "Assistenten kan inte svara just nu. Försök igen om en stund. "
    "Brådskar det kan du kontakta arbetsgivarens HR direkt."
)
RETRY_AFTER_SECONDS = "10"
CANCEL_NOT_ERASED = (
    "Jag har avbrutit överklagandet, men det du skrev kunde inte tas bort från servern just nu. "
    "Välj Radera samtalet för att försöka igen."
)

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


class ServiceUnavailable(BaseModel):
    detail: str


router = APIRouter(tags=["chat"], lifespan=rasa_http_lifespan)


@router.post(
    "/chat",
    response_model=list[BotMessage],
    response_model_exclude_unset=True,
    responses={
        **INVALID_REQUEST,
        503: {"model": ServiceUnavailable, "description": "Assistenten svarar inte / Rasa is down"},
    },
    summary="Skicka ett meddelande till assistenten / Send a chat message",
    description=(
        "Vidarebefordrar meddelandet till Rasa-assistenten och returnerar dess svar i formatet från "
        "Rasas REST-kanal: text, snabbvalsknappar (`buttons`), bild eller `custom`."
    ),
)
async def send_chat_message(
    body: ChatRequest,
    response: Response,
    registry: Registry = Depends(get_registry),
    rasa: RasaClient = Depends(get_rasa_client),
    store: ConversationStore = Depends(get_conversation_store),
) -> list[BotMessage]:
    metadata = {}
    if body.metadata and body.metadata.agency:
        metadata["agency"] = registry.get(body.metadata.agency).key
    async with conversation_lock(body.sender):  # an erasure of this conversation waits for the turn
        try:
            messages = await rasa.send(body.sender, body.message, metadata)
        except RasaUnavailable:
            raise HTTPException(503, detail=RASA_UNAVAILABLE, headers={"Retry-After": RETRY_AFTER_SECONDS})
        shown = [message for message in messages if message.custom != ERASE_CONVERSATION]
        if len(shown) < len(messages):
            try:
                await store.erase(body.sender)
            except StoreUnavailable:
                shown = [BotMessage(recipient_id=body.sender, text=CANCEL_NOT_ERASED)]
    response.headers["Cache-Control"] = "no-store"  # answers can hold a (masked) letter preview
    return shown
