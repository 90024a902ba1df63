"""The Redis cache backend (academy/cache.py) against a real Redis (database 9)."""

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "academy.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/9",
    },
}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS):
        cache = caches["redis"]
        cache.clear()
        yield cache
        cache.clear()


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
