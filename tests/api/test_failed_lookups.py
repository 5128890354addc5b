"""The limit on failed letter look-ups per client (api/failed_lookups.py), on a fake clock."""
import datetime as dt

from api import failed_lookups
from api.failed_lookups import MAX_FAILURES, WINDOW, FailedLookups

T0 = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def fail(lookups, client, times, start=T0, step=dt.timedelta(seconds=1)):
    for n in range(times):
        lookups.record(client, start + n * step)


def test_a_client_is_stopped_after_the_maximum_until_its_oldest_failure_leaves_the_window():
    lookups = FailedLookups()
    fail(lookups, "1.2.3.4", MAX_FAILURES - 1)
    assert lookups.retry_after("1.2.3.4", T0 + dt.timedelta(seconds=30)) is None
    lookups.record("1.2.3.4", T0 + dt.timedelta(seconds=30))
    assert lookups.retry_after("1.2.3.4", T0 + dt.timedelta(seconds=40)) == WINDOW.total_seconds() - 40
    assert lookups.retry_after("1.2.3.4", T0 + WINDOW - dt.timedelta(milliseconds=1)) == 1
    assert lookups.retry_after("1.2.3.4", T0 + WINDOW) is None


def test_clients_are_counted_apart():
    lookups = FailedLookups()
    fail(lookups, "1.2.3.4", MAX_FAILURES)
    assert lookups.retry_after("1.2.3.4", T0 + dt.timedelta(minutes=1)) is not None
    assert lookups.retry_after("5.6.7.8", T0 + dt.timedelta(minutes=1)) is None


def test_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(failed_lookups, "MAX_CLIENTS", 3)
    lookups = FailedLookups()
    for n, client in enumerate(["a", "b", "c"]):
        lookups.record(client, T0 + dt.timedelta(seconds=n))
    later = T0 + WINDOW + dt.timedelta(seconds=1)
    lookups.record("d", later)  # a and b have nothing left in the window
    assert set(lookups._failures) == {"c", "d"}
    lookups.record("e", later)
    lookups.record("f", later)  # all recent: the longest known goes
    assert set(lookups._failures) == {"d", "e", "f"}
