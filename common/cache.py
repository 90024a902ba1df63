"""Cache calls that Django's cache API spreads over several round trips."""

from django.core.cache import cache
from django.db import transaction


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


# What one signed-in person sees (their progress, enrolments, certificates,
# notifications, name and roles) has a version token per person, as the site
# has one for what everyone sees (``cms.caching``). Pages kept for a signed-in
# person (``cms.middleware.PersonalPageCacheMiddleware``) are stored under it;
# anything that changes what that person sees replaces it.
PERSONAL_VERSION_PREFIX = "personal-version:"


def personal_version_key(user_id) -> str:
    return f"{PERSONAL_VERSION_PREFIX}{user_id}"


def personal_content_changed(*user_ids) -> None:
    """Every page kept for these people is rebuilt on their next request.

    The tokens are removed now and again after commit (a request that read the
    old records while the change was being committed may have stored its page
    under a token made in between); the next request makes a new one.
    """
    keys = [personal_version_key(user_id) for user_id in user_ids if user_id]
    if not keys:
        return

    def forget():
        cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)
