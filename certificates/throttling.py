"""One rate limit for all public verification (decision 0018).

The verify pages, the JSON API (single and bulk), the Open Badges URLs and the
"check a PDF" form share one counter per client, kept by django-ratelimit in the
cache (Redis in production, so every app node shares it; the cache's atomic
``incr`` makes concurrent requests count once each).

The client is the address the trusted proxies saw, never what the client wrote
(``accounts.security.client_address``). DRF's own throttles use the same rule
through ``REST_FRAMEWORK["NUM_PROXIES"]``.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from accounts.security import client_address

VERIFY_GROUP = "verify"


def client_ip(request) -> str:
    """The client's address as the trusted proxies saw it (IPv6: its /64, which
    one person or household usually holds whole)."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def _key(group, request) -> str:
    return client_ip(request)


def _rate(group, request) -> str:
    return f"{settings.ACADEMY_VERIFY_RATE_PER_MINUTE}/m"


def verification_allowed(request) -> tuple[bool, int]:
    """Count one verification request: (allowed, seconds until the limit resets)."""
    usage = get_usage(request, group=VERIFY_GROUP, key=_key, rate=_rate, increment=True)
    if usage is None:  # RATELIMIT_ENABLE = False
        return True, 0
    return not usage["should_limit"], max(1, usage["time_left"])


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
