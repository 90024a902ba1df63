"""The version of what every public page shows, and how long a page is kept.

Pages cached for anonymous visitors (public pages, certificate verification)
are stored with this token. Anything that changes what a public page shows
(academy settings: name, logo, colours; publishing, moving or deleting a page;
a snippet; a cohort's dates or places) replaces the token, so every cached page
is rebuilt on its next request. A random token, not a counter: if the cache
ever loses it, a new one is made and nothing stale can come back.
"""

import datetime
import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

SITE_VERSION_KEY = "cms:site-version"
MAX_SECONDS = 3600
TOKEN_SECONDS = 3 * MAX_SECONDS


def new_version_token() -> str:
    return secrets.token_hex(8)


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


class PublicPageMixin:
    """Page models whose pages are the same for every anonymous visitor: their
    responses to anonymous visitors are marked public."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.method in ("GET", "HEAD") and not request.user.is_authenticated:
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
