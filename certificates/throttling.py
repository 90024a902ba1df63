"""Per-client rate limits for public verification, backed by the cache (Redis in
production), so every app node shares the counts."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    if settings.ACADEMY_TRUSTED_PROXY_HOPS:
        forwarded = [
            p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        hops = settings.ACADEMY_TRUSTED_PROXY_HOPS
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(scope: str, request, *, rate: int, per: int = 60) -> tuple[bool, int]:
    """Fixed-window counter: (allowed, seconds until the window resets)."""
    window = int(time.time() // per)
    key = f"throttle:{scope}:{client_ip(request)}:{window}"
    added = cache.add(key, 1, timeout=per + 1)
    count = 1 if added else cache.incr(key)
    retry_after = per - int(time.time() % per)
    return count <= rate, retry_after


def rate_limited(scope: str):
    """Answer 429 with a page that says when to try again."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            rate = settings.ACADEMY_VERIFY_RATE_PER_MINUTE
            allowed, retry_after = allow(scope, request, rate=rate)
            if not allowed:
                response = render(
                    request,
                    "certificates/too_many_requests.html",
                    {"retry_after": retry_after},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
