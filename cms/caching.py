"""The version of what every public page shows, and how long a page is kept.

Pages cached for anonymous visitors (public pages, certificate verification)
are stored with this token. Anything that changes what a public page shows
(academy settings: name, logo, colours; publishing, moving or deleting a page;
a snippet; a cohort's dates or places) replaces the token, so every cached page
is rebuilt on its next request. A random token, not a counter: if the cache
ever loses it, a new one is made and nothing stale can come back.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import set_response_etag

SITE_VERSION_KEY = "cms:site-version"
MAX_SECONDS = 3600
TOKEN_SECONDS = 3 * MAX_SECONDS


# Headers Django's SecurityMiddleware sets on every response (HSTS only on
# HTTPS), and cookies: never stored.
SECURITY_HEADERS = frozenset(
    {
        "strict-transport-security",
        "referrer-policy",
        "cross-origin-opener-policy",
        "x-content-type-options",
        "set-cookie",
    }
)
# Settings the policy headers of a response come from (academy.middleware,
# XFrameOptionsMiddleware, and SecurityMiddleware, whose headers a cached
# verification keeps too): a cached response keeps its policy headers, and its
# key carries ``policy_fingerprint()``.
POLICY_SETTINGS = (
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "ACADEMY_ADMIN_CONTENT_SECURITY_POLICY",
    "ACADEMY_PERMISSIONS_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
)


def new_version_token() -> str:
    return secrets.token_hex(8)


def site_version(found: dict) -> str | None:
    """The site's token as read with ``get_many`` (``found``), made if the cache
    had none (the first request after Redis restarted, signed in or not)."""
    version = found.get(SITE_VERSION_KEY)
    if version is None:
        cache.add(SITE_VERSION_KEY, new_version_token(), timeout=None)
        version = cache.get(SITE_VERSION_KEY)
    return version


def site_content_changed() -> None:
    """Every page cached with the site's version is rebuilt on its next request.

    The token is replaced now and again after commit: a request that read the
    old content while the change was being committed may have stored it under
    the first new token; the second makes it unreachable.
    """

    def replace():
        cache.set(SITE_VERSION_KEY, new_version_token(), timeout=None)

    replace()
    transaction.on_commit(replace)


def mark_public(response):
    """Let the shared cache (``cms.middleware``) and browsers keep a page an
    anonymous visitor sees; browsers check back every time (a cheap 304 when
    nothing changed, thanks to the ETag)."""
    response["Cache-Control"] = "public, no-cache"
    return response


def mark_personal(response):
    """Let the personal page cache (``cms.middleware``) keep a page for the
    signed-in person who asked for it, until what they see changes
    (``common.cache.personal_content_changed``); browsers keep it to themselves
    and check back every time.

    Only for pages whose content is the site's content plus that person's own
    records (progress, enrolments, certificates, notifications, name, roles):
    nothing that changes with time of day within minutes, nothing from
    another person's records."""
    response["Cache-Control"] = "private, no-cache"
    response.personal_cache = True
    return response


class PublicPageMixin:
    """Page models whose pages are the same for every anonymous visitor: their
    responses to anonymous visitors are marked public, and those to a signed-in
    person may be kept for that person."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            if request.user.is_authenticated:
                mark_personal(response)
            else:
                mark_public(response)
        return response


def seconds_to_keep() -> int:
    """Until the next local midnight (what is open, upcoming or expired changes
    with the date), at most an hour."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, min(MAX_SECONDS, int((midnight - now).total_seconds())))


def nothing_personal(request, response) -> bool:
    """The response can be given to anyone: no cookie set, no CSRF token or CSP
    nonce used while making it, a complete 200."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # Set once the CSRF token was used (reset later, but never removed).
        and "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
        and not isinstance(getattr(request, "_csp_nonce", None), str)
    )


def policy_fingerprint(*more_settings: str) -> str:
    """Changes when a deployment changes the settings of the policy headers (or
    ``more_settings``), so that no response cached with the old ones is served."""
    names = (*POLICY_SETTINGS, *more_settings)
    policies = repr([getattr(settings, name, None) for name in names])
    return hashlib.sha256(policies.encode()).hexdigest()[:12]


def freeze(response) -> tuple[int, list, bytes]:
    """What the shared cache keeps of a response: its status, its headers but
    cookies and those the security middleware above the cache sets afresh, and
    its body; with its ETag, so that a response served from the cache is not
    hashed again."""
    set_response_etag(response)
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in SECURITY_HEADERS
    ]
    return response.status_code, headers, response.content


def thaw(status: int, headers: list, content: bytes) -> HttpResponse:
    """A response as ``freeze`` kept it."""
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
