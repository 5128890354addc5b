"""One lock per conversation, so that its erasure never overlaps one of its chat turns.

A turn Rasa is still processing when the conversation's rows are deleted would write the whole
conversation back when Rasa saves the turn (its SQL tracker store inserts what the table lacks). The
chat proxy holds the lock for a turn, the erasure waits for it. The locks live in this process: with
several API processes in front of one store, a conversation's requests must reach the same one. A
turn the proxy gave up on (Rasa slower than API_RASA_TIMEOUT) is no longer covered.
"""
from __future__ import annotations

import asyncio
import weakref

_locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


def conversation_lock(conversation_id: str) -> asyncio.Lock:
    """The lock of `conversation_id`; it lasts as long as someone holds or awaits it."""
    lock = _locks.get(conversation_id)
    if lock is None:
        lock = _locks[conversation_id] = asyncio.Lock()
    return lock
