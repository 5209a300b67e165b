"""The failure windows counted in the database (``StoredWindow``), on both backends.

They replace the in-memory windows so that several server processes (each its own engine)
refuse and allow exactly the same requests: a window built over a second engine -- what
another process has -- must see every failure the first one recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from oylama.service._problems import TooManyRequests
from oylama.service._throttle import CastLimits
from oylama.service._windows import StoredWindow
from oylama.store import FailureEvent, open_store


@pytest.fixture
def other_engine(db_url: str, store_engine: Engine) -> Iterator[Engine]:
    """A second engine over the same database: another server process's."""
    engine = open_store(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _rows(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(FailureEvent)).scalar_one())


def test_stored_window_counts_per_scope_and_key_across_engines(
    store_engine: Engine, other_engine: Engine
) -> None:
    now = [10_000]
    one = StoredWindow(store_engine, "cast-address", 3, 1000, lambda: now[0])
    two = StoredWindow(other_engine, "cast-address", 3, 1000, lambda: now[0])
    for window in (one, two, one):  # the failures arrive through both "processes"
        window.check("a")
        window.fail("a")
        now[0] += 100
    for window in (one, two):
        assert window.over("a")
        with pytest.raises(TooManyRequests) as info:
            window.check("a")
        # the first failure (t=10000) leaves the window at 11000; now is 10300
        assert info.value.headers == {"Retry-After": "1"}
    two.check("b")  # another key is not limited
    StoredWindow(store_engine, "spoil", 3, 1000, lambda: now[0]).check("a")  # nor another scope
    now[0] = 11_000  # the first failure left the window: 2 remain
    assert not two.over("a")
    one.check("a")
    two.fail("a")
    assert one.over("a")


def test_stored_window_retry_after_names_when_the_limit_lifts(store_engine: Engine) -> None:
    now = [0]
    window = StoredWindow(store_engine, "spoil", 2, 60_000, lambda: now[0])
    window.fail("k")  # t = 0
    now[0] = 30_000
    window.fail("k")  # t = 30 s
    window.fail("k")  # t = 30 s: three in the window, two allowed
    now[0] = 31_000
    with pytest.raises(TooManyRequests) as info:
        window.check("k")
    # under the limit again once the failure at t=30 s leaves (t=90 s): 59 s from now
    assert info.value.headers == {"Retry-After": "59"}
    now[0] = 60_000  # the one at t=0 left; two remain: still at the limit
    assert window.over("k")
    now[0] = 90_000
    assert not window.over("k")


def test_stored_window_keeps_only_the_last_window(store_engine: Engine) -> None:
    now = [0]
    window = StoredWindow(store_engine, "cast-credential", 5, 1000, lambda: now[0])
    for i in range(50):
        window.fail(f"key {i}")
        now[0] += 100
    # each failure deletes its scope's rows older than the window: at most ten remain
    assert _rows(store_engine) <= 11
    assert not window.over("key 0")


def test_cast_limits_keep_addresses_and_credentials_apart(store_engine: Engine) -> None:
    now = [0]
    limits = CastLimits(
        store_engine, lambda: now[0], address_failures=1, credential_failures=1, window_ms=1000
    )
    key = CastLimits.credential_key("e1", bytes(32))
    assert "\x00" not in key  # PostgreSQL text refuses NUL
    limits.addresses.fail(key)
    assert limits.addresses.over(key)
    assert not limits.credentials.over(key)
    limits.credentials.check(key)


def test_a_long_key_is_kept_apart_from_its_prefix(store_engine: Engine) -> None:
    window = StoredWindow(store_engine, "cast-address", 1, 1000, lambda: 0)
    long_a, long_b = "x" * 600 + "a", "x" * 600 + "b"
    window.fail(long_a)
    assert window.over(long_a)
    assert not window.over(long_b)
