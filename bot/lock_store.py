"""Rasa's RedisLockStore made fit for replicas that die: it waits for a restarting Redis, and a message
waiting for the conversation's lock keeps its ticket alive.

Two faults of Rasa 3.6's RedisLockStore, both met by the fault test (tests/e2e/test_scale_stack.py):
- Its redis-py client has no retries. redis-py reconnects by itself to a Redis that has restarted, but a
  lock operation while Redis is down (between a crash and the restart by supervisord) fails at once, and
  so does the turn, with a 500: before it is processed when it was the ticket, after it is saved when it
  was the clean-up (the user sees an error for a turn that happened). Here such an operation (refused,
  dropped or timed-out connection) is tried again with exponential pauses, RETRY_SECONDS in all; the
  client is synchronous, so the replica waits while Redis is away.
- A waiting ticket is never renewed. When a replica dies mid-turn its ticket stays in Redis until it
  expires, and the message sent again to another replica waits behind it; if that waiting ticket expires
  too before the waiter looks again (it looks once a second, so whenever the two were issued less than a
  second apart), the lock is left with no ticket, which Rasa takes as held by someone else: the message
  waits for ever. Here a waiting ticket's lifetime starts again at every look.
Used by bot/endpoints.scale.yml (`type: bot.lock_store.ReplicaSafeRedisLockStore`).
"""
from __future__ import annotations

import asyncio
import time

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError, TimeoutError
from redis.retry import Retry

BACKOFF = ExponentialBackoff(cap=0.5, base=0.05)  # 0.1, 0.2, 0.4, then 0.5 s between attempts
RETRIES = 10
RETRY_SECONDS = sum(BACKOFF.compute(failure) for failure in range(1, RETRIES + 1))


class ReplicaSafeRedisLockStore(RedisLockStore):
    """Configured like Rasa's `type: redis` lock store (url, port, db, password, key_prefix ...)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        # Every connection the pool makes from now on (it has made none yet) retries these errors: redis-py's
        # own, and the OSError (connection refused) of connecting while no server listens.
        self.red.connection_pool.connection_kwargs.update(
            retry=Retry(BACKOFF, RETRIES), retry_on_error=[ConnectionError, TimeoutError, OSError]
        )

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        """Rasa's loop (wait until `ticket` is served; LockError when the lock is gone), renewing the
        waiting ticket at every look."""
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            for waiting in lock.tickets:
                if waiting.number == ticket:
                    waiting.expires = max(waiting.expires, time.time() + LOCK_LIFETIME)
            self.save_lock(lock)
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)
