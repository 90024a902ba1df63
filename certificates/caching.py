"""Cached verification pages, answers and status lists, never stale (decision 0024).

Employers scan codes in bursts; the verify page, the JSON answer and the
Open Badge for a code are the same for every anonymous visitor, so
``certificates.middleware`` keeps the whole response in the shared cache with
two version tokens: the site's (``cms.caching``) and the
certificate's own; an entry counts only while both are the ones it was made
under. A change to what a certificate states or how it
verifies (revocation, re-issue, erasure, the holder's name visibility)
replaces the certificate's token and drops the signed status lists, now and
after commit, so the very next request misses and reads the database. An
expiry date is handled by letting no entry outlive the current day.
"""

from django.core.cache import cache
from django.db import transaction

from certificates.selectors import STATUS_LIST_CACHE_KEY
from cms.caching import SITE_VERSION_KEY, TOKEN_SECONDS, new_version_token

__all__ = [
    "SHAREABLE",
    "entry_key",
    "mark_shareable",
    "token_keys",
    "verification_changed",
    "versions",
]


def _version_key(code: str) -> str:
    return f"verify:version:{code}"


def entry_key(kind: str, code: str, variant: str) -> str:
    """Where the cached ``kind`` ("page", "json", "badge") of a normalised,
    well-formed code is kept; ``variant`` says what else it depends on (the
    page: the language and the host)."""
    return f"verify:{kind}:{code}:{variant}"


def token_keys(code: str) -> list[str]:
    """The site's version token and the certificate's, to read with an entry."""
    return [SITE_VERSION_KEY, _version_key(code)]


def versions(code: str, found: dict) -> tuple[str, str]:
    """The two tokens as read (``found``, from reading ``token_keys``), made
    where the cache had none.

    The tokens are read before the view reads the database, so an answer
    stored under them is never newer than they are (see ``verification_changed``).
    """
    keys = token_keys(code)
    missing = {name: new_version_token() for name in keys if name not in found}
    if missing:
        # Finite, and longer than any entry: a lost token only means a miss.
        cache.set_many(missing, timeout=TOKEN_SECONDS)
    return tuple({**found, **missing}[name] for name in keys)


# Where a view tells ``certificates.middleware`` (around Django, reading the same
# WSGI environ) that its answer may be kept.
SHAREABLE = "academy.verification.shareable"


def mark_shareable(request, response):
    """The view's answer is the same for everyone who asks for this code (a
    certificate was found): ``certificates.middleware`` may keep it."""
    request.META[SHAREABLE] = True
    return response


def verification_changed(*changed: str) -> None:
    """The next request for these codes reads the database.

    The tokens are replaced now and again after commit: a request that read
    the old state while the change was being committed may have cached it
    under the first new token; the second makes it unreachable.
    """

    def replace_tokens():
        cache.set_many(
            {_version_key(code): new_version_token() for code in changed},
            timeout=TOKEN_SECONDS,
        )
        cache.delete(STATUS_LIST_CACHE_KEY)  # the signed revocation lists

    replace_tokens()
    transaction.on_commit(replace_tokens)
