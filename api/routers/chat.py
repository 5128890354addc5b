"""The chat proxy: one user message to the Rasa assistant, its answers back in Rasa's REST shape.

Only this port faces users; Rasa listens on localhost. Nothing of a message is logged here (it can
hold a personnummer); the REST channel on the Rasa side seals personnummer before Rasa stores anything.

The assistant's signals (bot/signals.py) are acted on here and never reach the browser. On
ERASE_CONVERSATION (a confirmed "avbryt" of the appeal form) the conversation is erased from the
tracker store once Rasa has answered: Rasa saves a turn before its REST channel answers, so the
deletion comes after the save, and the next message finds no events and starts a new conversation.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from bot.signals import ERASE_CONVERSATION
from hiring_rules.agencies import Registry

from ..conversation_lock import conversation_lock
from ..conversation_store import ConversationStore, StoreUnavailable
from ..dependencies import get_conversation_store, get_rasa_client, get_registry
from ..errors import service_unavailable
from ..rasa_client import BotMessage, RasaClient, RasaUnavailable
from ..schemas import INVALID_REQUEST, RASA_DOWN, ChatRequest

CANCEL_NOT_ERASED = (
    "Jag har avbrutit överklagandet, men det du skrev kunde inte tas bort från servern just nu. "
    "Välj Radera samtalet för att försöka igen."
)

router = APIRouter(tags=["chat"])


@router.post(
    "/chat",
    response_model=list[BotMessage],
    response_model_exclude_unset=True,
    responses={
        **INVALID_REQUEST,
        **RASA_DOWN,
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
            raise service_unavailable()
        shown = [message for message in messages if message.custom != ERASE_CONVERSATION]
        if len(shown) < len(messages):
            try:
                await store.erase(body.sender)
            except StoreUnavailable:
                shown = [BotMessage(recipient_id=body.sender, text=CANCEL_NOT_ERASED)]
    response.headers["Cache-Control"] = "no-store"  # answers can hold a (masked) letter preview
    return shown
