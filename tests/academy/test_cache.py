"""The Redis cache backend (academy/cache.py) against a real Redis (database 9)."""

import uuid

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from redis.connection import Connection
from redis.exceptions import ConnectionError as RedisConnectionError

from common.cache import count_and_get_many


@pytest.fixture
def redis_cache():
    """The backend on Redis database 9, with keys of this test's own (tests may
    run in parallel: nothing here flushes the database)."""
    caches_setting = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "redis": {
            "BACKEND": "academy.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    with override_settings(CACHES=caches_setting):
        cache = caches["redis"]
        yield cache
        cache.delete_many(["hits", "nothing", "a", "b", "c"])


def test_incr_counts_and_keeps_the_expiry(redis_cache):
    redis_cache.set("hits", 1, timeout=60)
    assert redis_cache.incr("hits") == 2
    assert redis_cache.incr("hits", 5) == 7
    client = redis_cache._cache.get_client()
    assert 0 < client.ttl(redis_cache.make_and_validate_key("hits")) <= 60


def test_incr_of_a_missing_key_raises_and_creates_nothing(redis_cache):
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("nothing")
    assert redis_cache.get("nothing") is None


def test_one_client_serves_every_call(redis_cache):
    backend = redis_cache._cache
    assert backend.get_client() is backend.get_client(write=True)
    redis_cache.set_many({"a": 1, "b": 2})
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}


def test_count_and_get_many_is_one_atomic_call_with_an_expiry(redis_cache):
    redis_cache.set_many({"a": {"status": "valid"}, "b": 2})
    backend = redis_cache
    assert backend.count_and_get_many("hits", 120, ["a", "b", "c"]) == (
        1,
        {"a": {"status": "valid"}, "b": 2},
    )
    assert backend.count_and_get_many("hits", 120, []) == (2, {})
    client = backend._cache.get_client()
    assert 0 < client.ttl(backend.make_and_validate_key("hits")) <= 120
    assert backend.get("hits") == 2  # a plain number, readable as any value


def test_any_other_backend_counts_and_reads_the_same(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    cache.set("a", "one")
    assert count_and_get_many("hits", 120, ["a", "b"]) == (1, {"a": "one"})
    assert count_and_get_many("hits", 120, []) == (2, {})


def test_count_and_get_many_loads_its_script_when_redis_lost_it(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1)
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (1, {"a": 1})
    client.script_flush()  # as after a restart of Redis
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (2, {"a": 1})
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (3, {"a": 1})


def test_count_and_get_many_reconnects_after_a_dropped_connection(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("a", 1)
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (1, {"a": 1})
    pool = client.connection_pool
    dropped, other = pool.get_connection(), pool.get_connection()
    dropped.send_command("CLIENT", "ID")
    other.send_command("CLIENT", "KILL", "ID", dropped.read_response())
    assert other.read_response()
    pool.release(other)
    pool.release(dropped)  # the connection the next call takes
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (2, {"a": 1})
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (3, {"a": 1})


def test_count_and_get_many_retries_when_the_connection_fails_mid_call(
    redis_cache, monkeypatch
):
    redis_cache.set("a", 1)
    original = Connection.send_command
    failures = []

    def fails_once(self, *args, **kwargs):
        if args[0] == "EVALSHA" and not failures:
            failures.append(args)
            raise RedisConnectionError("Connection reset by peer")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Connection, "send_command", fails_once)
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (1, {"a": 1})
    assert failures, "the lost connection was not tried"
    assert redis_cache.count_and_get_many("hits", 120, ["a"]) == (2, {"a": 1})
