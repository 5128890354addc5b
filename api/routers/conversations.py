"""DELETE /api/conversations/<conversation id>: erase a conversation from Rasa's tracker store.

The chat page's "Radera samtalet". The answer is 204 whether or not the store held the conversation,
so it reveals nothing about which ids exist; a malformed id is a 422. Erasing waits for a chat turn
of the conversation still in flight (api/conversation_lock.py), which would otherwise write it back.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path, Response

from ..conversation_lock import conversation_lock
from ..conversation_store import ConversationStore, StoreUnavailable, get_conversation_store
from ..retention import store_lifespan
from ..schemas import ErrorResponse
from .chat import EXAMPLE_SENDER, RETRY_AFTER_SECONDS, SenderId, ServiceUnavailable

ERASE_FAILED = "Samtalet kunde inte raderas just nu. Försök igen om en stund."

router = APIRouter(tags=["chat"], lifespan=store_lifespan)


@router.delete(
    "/conversations/{conversation_id}",
    status_code=204,
    response_class=Response,
    responses={
        204: {"description": "Samtalet finns inte längre / the conversation is gone"},
        422: {"model": ErrorResponse, "description": "Ogiltigt samtals-id / malformed id"},
        503: {"model": ServiceUnavailable, "description": "Lagringen svarar inte / the store is unavailable"},
    },
    summary="Radera samtalet / Erase the conversation",
    description=(
        "Tar bort allt som sparats av samtalet: meddelanden, svar och uppgifter. Svarar 204 även för "
        "ett samtal som inte finns."
    ),
)
async def erase_conversation(
    conversation_id: str = Path(
        ..., pattern=SenderId.regex.pattern, description="Samtalets id / the chat's sender id",
        examples=[EXAMPLE_SENDER],
    ),
    store: ConversationStore = Depends(get_conversation_store),
) -> Response:
    async with conversation_lock(conversation_id):
        try:
            await store.erase(conversation_id)
        except StoreUnavailable:
            raise HTTPException(503, detail=ERASE_FAILED, headers={"Retry-After": RETRY_AFTER_SECONDS})
    return Response(status_code=204)
