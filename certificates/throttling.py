"""One rate limit for all public verification (decisions 0018 and 0028).

The verify pages, the JSON API (single and bulk), the Open Badges URLs and the
"check a PDF" form share one counter per client and minute, kept in the shared
cache (Redis in production, so every app node shares it). Counting is one
atomic round trip, and it can carry the reads of the cached answer with it
(``count_request``, used by ``certificates.middleware``): a cached verification costs
one trip to the cache.

The client is the address the trusted proxies saw, never what the client wrote
(``accounts.security.client_address``). DRF's own throttles use the same rule
through ``REST_FRAMEWORK["NUM_PROXIES"]``.
"""

import ipaddress
import time
from functools import wraps
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

from accounts.security import client_address
from common.cache import count_and_get_many

WINDOW_SECONDS = 60
# The count of this request, kept in its WSGI environ: ``certificates.middleware``
# counts before Django makes the request the views see.
_USAGE = "academy.verification.usage"


class Usage(NamedTuple):
    allowed: bool
    retry_after: int  # seconds until the client's window ends


def client_ip(request) -> str:
    """The client's address as the trusted proxies saw it (IPv6: its /64, which
    one person or household usually holds whole)."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def count_request(request, read: list[str] = ()) -> tuple[Usage, dict]:
    """Count one verification request for its client, and read the cache keys
    ``read`` in the same round trip. The request remembers the answer, so a
    view behind the middleware that counted it does not count it again."""
    rate = settings.ACADEMY_VERIFY_RATE_PER_MINUTE
    if rate is None:  # the limit is switched off (the API's schema tests)
        request.META[_USAGE] = Usage(True, 0)
        return request.META[_USAGE], cache.get_many(read) if read else {}
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    counter = f"verify:rate:{client_ip(request)}:{window}"
    number, found = count_and_get_many(counter, 2 * WINDOW_SECONDS, list(read))
    retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now))
    request.META[_USAGE] = Usage(number <= rate, retry_after)
    return request.META[_USAGE], found


def verification_allowed(request) -> Usage:
    """Count one verification request (once per request): (allowed, seconds
    until the limit resets)."""
    usage = request.META.get(_USAGE)
    if usage is None:
        usage, _found = count_request(request)
    return usage


def rate_limited(view):
    """Site views: answer 429 with a page that says when to try again."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        allowed, retry_after = verification_allowed(request)
        if not allowed:
            return too_many_requests(request, retry_after)
        return view(request, *args, **kwargs)

    return wrapper


def too_many_requests(request, retry_after: int):
    """The 429 page: how long to wait."""
    response = render(
        request,
        "certificates/too_many_requests.html",
        {"retry_after": retry_after},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class VerificationThrottle(BaseThrottle):
    """API views: the same counter as the pages, answered in the API's error body."""

    def allow_request(self, request, view) -> bool:
        allowed, self._wait = verification_allowed(request._request)
        return allowed

    def wait(self):
        return getattr(self, "_wait", None)
