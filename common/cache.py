"""Cache calls that Django's cache API spreads over several round trips."""

from django.core.cache import cache


def count_and_get_many(counter: str, timeout: int, keys: list[str]) -> tuple[int, dict]:
    """Add one to ``counter`` (created at 0 with ``timeout`` seconds to live) and
    read ``keys``: the new count and the values found, as ``get_many`` gives them.

    The Redis backend (``academy.cache``) does this in one round trip, atomically;
    any other backend in three calls.
    """
    fast = getattr(cache, "count_and_get_many", None)
    if fast is not None:
        return fast(counter, timeout, keys)
    cache.add(counter, 0, timeout=timeout)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between the two calls: a new window
        cache.set(counter, 1, timeout=timeout)
        count = 1
    return count, cache.get_many(keys) if keys else {}
