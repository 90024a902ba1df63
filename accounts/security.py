"""Who is asking: the client's address behind trusted proxies, and the account a
sign-in names. Used by django-axes (sign-in lockouts, decision 0019) and the
verification rate limit (decision 0018)."""

import functools
import ipaddress
import math
from datetime import timedelta

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone


@functools.lru_cache(maxsize=4096)  # every verification asks; few clients at once
def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The client's address as the trusted proxies saw it.

    With ``ACADEMY_TRUSTED_PROXY_HOPS = N`` it is the N-th address from the right
    of ``X-Forwarded-For`` (the one the outermost trusted proxy appended); else,
    or if that entry is not an address, the connection's own address. What a
    client writes into the header itself never counts.
    """
    hops = settings.ACADEMY_TRUSTED_PROXY_HOPS
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= hops:
            address = _address(forwarded[-hops])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR", ""))


def login_account(request, credentials) -> str | None:
    """The account a sign-in attempt names, the same for the site (e-mail) and the
    Wagtail admin (username), so both count against one lock."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
    )
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("username")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip().replace("\x00", "")
    User = get_user_model()
    if "@" in value:
        user = User.objects.filter(email__iexact=value).only("username").first()
    else:
        user = User.objects.filter(username=value).only("username").first()
    return (user.username if user else value.lower())[:255]


def lockout_response(request, original_response=None, credentials=None):
    """429 with a page that says how long to wait (and that resetting the
    password is always possible)."""
    cool_off = get_cool_off(request)
    latest = (
        AccessAttempt.objects.filter(
            ip_address=client_address(request),
            username=get_client_username(request, credentials),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    remaining = cool_off
    if latest and cool_off:
        remaining = max(latest + cool_off - timezone.now(), timedelta(0))
    minutes = max(1, math.ceil(remaining.total_seconds() / 60)) if remaining else None
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=429,
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
