"""DELETE /api/conversations/<conversation id>: erase a conversation from Rasa's tracker store.

The chat page's "Radera samtalet". The answer is 204 whether or not the store held the conversation,
so it reveals nothing about which ids exist; a malformed id is a 422. Erasing waits for a chat turn
of the conversation still in flight (api/conversation_lock.py), which would otherwise write it back.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Response

from ..conversation_lock import conversation_lock
from ..conversation_store import ConversationStore, StoreUnavailable
from ..dependencies import get_conversation_store
from ..errors import service_unavailable
from ..schemas import EXAMPLE_SENDER, ErrorResponse, SenderId, unavailable

ERASE_FAILED = "Samtalet kunde inte raderas just nu. Försök igen om en stund."

router = APIRouter(tags=["chat"])


@router.delete(
    "/conversations/{conversation_id}",
    status_code=204,
    response_class=Response,
    responses={
        204: {"description": "Samtalet finns inte längre / the conversation is gone"},
        422: {"model": ErrorResponse, "description": "Ogiltigt samtals-id / malformed id"},
        **unavailable("Lagringen svarar inte / the store is unavailable"),
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
            raise service_unavailable(ERASE_FAILED)
    return Response(status_code=204)
