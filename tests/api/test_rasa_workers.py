"""Several Rasa workers behind the chat proxy (api/rasa_client.py): a turn goes to the least busy worker,
a conversation keeps to its own worker on a tie and while a turn of it is in flight or unanswered there,
moves to the next when that one cannot be reached, and never has a turn sent twice once a worker has
taken it, even with an error."""
import asyncio

import httpx
import pytest

from api.rasa_client import RasaClient, RasaServers, RasaUnavailable
from api.tracker_client import TrackerClient

WORKERS = ["http://rasa-1.test", "http://rasa-2.test"]


class Workers:
    """Fake workers: each host answers as `answers[host]` says, or raises it; records who was asked."""

    def __init__(self, **answers):
        self.answers = answers
        self.asked: list[str] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.asked.append(host)
        answer = self.answers.get(host.split(".")[0], 200)
        if isinstance(answer, type) and issubclass(answer, Exception):
            raise answer("fake", request=request)
        if request.method == "GET":
            return httpx.Response(answer, json={"events": [{"event": "action", "name": host}]})
        return httpx.Response(answer, json=[{"recipient_id": "x", "text": host}])


def send(workers: Workers, sender: str) -> str:
    http = httpx.AsyncClient(transport=httpx.MockTransport(workers.handle))
    client = RasaClient(http, RasaServers(WORKERS), httpx.Timeout(1.0))
    return asyncio.run(client.send(sender, "Hej!", {}))[0].text


def senders(count: int = 40) -> list[str]:
    return [f"conversation-{number:03d}-abcdefghijklmnop" for number in range(count)]


def test_each_conversation_keeps_to_one_worker_and_the_workers_share_the_conversations():
    workers = Workers()
    first = {sender: send(workers, sender) for sender in senders()}
    assert {sender: send(workers, sender) for sender in senders()} == first
    assert set(first.values()) == {"rasa-1.test", "rasa-2.test"}
    assert len(workers.asked) == 2 * len(first)  # one request per turn


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError])
def test_a_worker_that_cannot_take_the_turn_passes_it_to_the_next(failure):
    for down, up in (("rasa-1", "rasa-2.test"), ("rasa-2", "rasa-1.test")):
        workers = Workers(**{down: failure})
        assert {send(workers, sender) for sender in senders()} == {up}


@pytest.mark.parametrize("answer", [500, httpx.ReadTimeout])
def test_a_worker_that_took_the_turn_is_not_bypassed(answer):
    """An error or no answer in time after the request reached the worker: the turn may have been
    processed, so it is not sent again to the other worker."""
    workers = Workers(**{"rasa-1": answer, "rasa-2": answer})
    for sender in senders(4):
        workers.asked.clear()
        with pytest.raises(RasaUnavailable):
            send(workers, sender)
        assert len(workers.asked) == 1


def test_no_worker_reachable_is_unavailable():
    workers = Workers(**{"rasa-1": httpx.ConnectError, "rasa-2": httpx.ConnectError})
    with pytest.raises(RasaUnavailable):
        send(workers, senders(1)[0])
    assert sorted(workers.asked) == ["rasa-1.test", "rasa-2.test"]


def test_the_tracker_is_read_from_the_conversations_worker_or_the_next():
    def events(workers: Workers, sender: str) -> str:
        http = httpx.AsyncClient(transport=httpx.MockTransport(workers.handle))
        tracker = TrackerClient(http, RasaServers(WORKERS), "token", httpx.Timeout(1.0))
        return asyncio.run(tracker.events(sender))[0]["name"]

    for sender in senders(10):
        assert events(Workers(), sender) == send(Workers(), sender)
        assert events(Workers(**{"rasa-1": httpx.ConnectError}), sender) == "rasa-2.test"


def test_a_turn_goes_to_the_least_busy_worker_unless_its_conversation_is_busy_on_its_own():
    servers = RasaServers(WORKERS)
    placed_by_id = {sender: servers.for_conversation(sender)[0] for sender in senders()}
    busy, idle = WORKERS
    servers.answered("answered", busy)
    servers.answered("unanswered", busy, settled=False)
    with servers.asking(busy, "in flight"), servers.asking(busy, "other"):
        for sender in senders():
            assert servers.for_conversation(sender)[0] == idle
        assert servers.for_conversation("answered") == (idle, busy)  # its last turn is done: any worker
        assert servers.for_conversation("unanswered") == (busy, idle)  # it may still be working on it
        servers.answered("in flight", busy)
        assert servers.for_conversation("in flight") == (busy, idle)  # a second turn while one is in flight
    assert {sender: servers.for_conversation(sender)[0] for sender in senders()} == placed_by_id
    assert servers.for_conversation("answered")[0] == busy  # idle bot: its own worker
    servers.answered("unanswered", idle)
    with servers.asking(idle, "other"):
        assert servers.for_conversation("unanswered")[0] == busy  # answered at last: settled again


def test_ten_conversations_at_once_are_shared_five_and_five():
    """Each conversation's first turn is still in flight when the next one starts; by their ids alone all
    ten would go to the first worker."""
    by_id = RasaServers(WORKERS)
    same_first_worker = [sender for sender in senders(80) if by_id.for_conversation(sender)[0] == WORKERS[0]]

    async def first_turns() -> dict[str, int]:
        started = asyncio.Event()
        in_flight: list[str] = []

        async def handle(request: httpx.Request) -> httpx.Response:
            in_flight.append(request.url.host)
            if len(in_flight) == 10:
                started.set()
            await started.wait()
            return httpx.Response(200, json=[])

        http = httpx.AsyncClient(transport=httpx.MockTransport(handle))
        client = RasaClient(http, RasaServers(WORKERS), httpx.Timeout(1.0))
        turns = []
        for sender in same_first_worker[:10]:
            turns.append(asyncio.create_task(client.send(sender, "Hej!", {})))
            await asyncio.sleep(0)  # the turn reaches its worker before the next one starts
        await asyncio.gather(*turns)
        return {host: in_flight.count(host) for host in set(in_flight)}

    assert asyncio.run(first_turns()) == {"rasa-1.test": 5, "rasa-2.test": 5}


def test_a_conversation_that_moved_to_the_next_worker_stays_there():
    servers = RasaServers(WORKERS)
    sender = next(sender for sender in senders() if servers.for_conversation(sender)[0] == WORKERS[0])

    def send_to(workers: Workers) -> str:
        http = httpx.AsyncClient(transport=httpx.MockTransport(workers.handle))
        return asyncio.run(RasaClient(http, servers, httpx.Timeout(1.0)).send(sender, "Hej!", {}))[0].text

    assert send_to(Workers(**{"rasa-1": httpx.ConnectError})) == "rasa-2.test"
    assert send_to(Workers()) == "rasa-2.test"


def test_the_workers_of_only_so_many_conversations_are_remembered():
    servers = RasaServers(WORKERS, remembered=2)
    for sender in ("a", "b", "c"):
        servers.answered(sender, "http://rasa-2.test", settled=False)
    with servers.asking("http://rasa-2.test", "d"):
        assert [servers.for_conversation(sender)[0] for sender in ("a", "b", "c")] == [
            "http://rasa-1.test", "http://rasa-2.test", "http://rasa-2.test"
        ]
