"""Cached verification pages, answers and status lists, never stale (decision 0024).

Employers scan codes in bursts; the verify page and the JSON answer for a
code are the same for every anonymous visitor, so they are kept in the shared
cache. The key carries two version tokens: the site's (``cms.caching``) and
the certificate's own. A change to what a certificate states or how it
verifies (revocation, re-issue, erasure, the holder's name visibility)
replaces the certificate's token and drops the signed status lists, now and
after commit, so the very next request misses and reads the database. An
expiry date is handled by letting no entry outlive the current day.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from certificates import codes
from cms.caching import SITE_VERSION_KEY, new_version_token

MAX_SECONDS = 3600
TOKEN_SECONDS = 3 * MAX_SECONDS


def _version_key(code: str) -> str:
    return f"verify:version:{code}"


def cache_key(kind: str, code_text: str, language: str) -> str | None:
    """The key of a cached verification ``kind`` ("page", "json") for a code as
    typed; None for a malformed code (never cached, so arbitrary text never
    becomes a cache key)."""
    code = codes.normalise(code_text)
    if not codes.is_well_formed(code):
        return None
    keys = [SITE_VERSION_KEY, _version_key(code)]
    versions = cache.get_many(keys)
    missing = {key: new_version_token() for key in keys if key not in versions}
    if missing:
        # Finite, and longer than any entry: a lost token only means a miss.
        cache.set_many(missing, timeout=TOKEN_SECONDS)
        versions.update(missing)
    site, own = (versions[key] for key in keys)
    return f"verify:{kind}:{code}:{language}:{site}:{own}"


def seconds_to_keep() -> int:
    """Until the next local midnight (a certificate may expire then), at most
    an hour."""
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=now.tzinfo
    )
    return max(1, min(MAX_SECONDS, int((midnight - now).total_seconds())))


def verification_changed(*changed: str) -> None:
    """The next request for these codes reads the database.

    The tokens are replaced now and again after commit: a request that read
    the old state while the change was being committed may have cached it
    under the first new token; the second makes it unreachable.
    """

    from certificates.selectors import STATUS_LIST_CACHE_KEY

    def replace_tokens():
        cache.set_many(
            {_version_key(code): new_version_token() for code in changed},
            timeout=TOKEN_SECONDS,
        )
        cache.delete(STATUS_LIST_CACHE_KEY)  # the signed revocation lists

    replace_tokens()
    transaction.on_commit(replace_tokens)
