"""Cached verification pages, answers and status lists, never stale (decision 0024).

Employers scan codes in bursts; the verify page and the JSON answer for a
code are the same for every anonymous visitor, so they are kept in the shared
cache with two version tokens: the site's (``cms.caching``) and the
certificate's own; an entry counts only while both are the ones it was made
under. A change to what a certificate states or how it
verifies (revocation, re-issue, erasure, the holder's name visibility)
replaces the certificate's token and drops the signed status lists, now and
after commit, so the very next request misses and reads the database. An
expiry date is handled by letting no entry outlive the current day.
"""

from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction

from certificates import codes
from certificates.selectors import STATUS_LIST_CACHE_KEY
from cms.caching import (
    SITE_VERSION_KEY,
    TOKEN_SECONDS,
    new_version_token,
    seconds_to_keep,
)

__all__ = ["Slot", "lookup", "store", "verification_changed"]


def _version_key(code: str) -> str:
    return f"verify:version:{code}"


class Slot(NamedTuple):
    """A place in the cache for one answer about one code."""

    key: str
    versions: tuple[str, str]  # the site's and the certificate's, at lookup
    value: Any  # the cached answer if it is current, else None


def lookup(kind: str, code_text: str, language: str) -> Slot | None:
    """The cached ``kind`` ("page", "json", "badge") for a code as typed, in one
    round trip to the cache; None for a malformed code (never cached, so
    arbitrary text never becomes a cache key).

    The tokens are read before the caller reads the database, so an answer
    stored under them is never newer than they are (see ``verification_changed``).
    """
    code = codes.normalise(code_text)
    if not codes.is_well_formed(code):
        return None
    key = f"verify:{kind}:{code}:{language}"
    token_keys = [SITE_VERSION_KEY, _version_key(code)]
    found = cache.get_many([*token_keys, key])
    missing = {name: new_version_token() for name in token_keys if name not in found}
    if missing:
        # Finite, and longer than any entry: a lost token only means a miss.
        cache.set_many(missing, timeout=TOKEN_SECONDS)
        found.update(missing)
    versions = (found[SITE_VERSION_KEY], found[_version_key(code)])
    entry = found.get(key)
    current = entry is not None and tuple(entry[:2]) == versions
    return Slot(key, versions, entry[2] if current else None)


def store(slot: Slot | None, value) -> None:
    """Keep ``value`` for the slot's code until a token changes (or midnight)."""
    if slot is not None:
        cache.set(slot.key, (*slot.versions, value), timeout=seconds_to_keep())


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
