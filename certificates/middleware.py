"""Verification answers from the shared cache, counted and read in one round trip
(decisions 0024 and 0028).

An employer's scan of a QR code (the verify page), an integration's JSON check
and an Open Badge fetch are each the same for every anonymous visitor. This
middleware sits near the top of the stack, below the security headers and the
ETag: for such a request it counts the request against the verification limit
and reads the two version tokens and the cached response in one atomic round
trip. A current entry within the limit is the answer, with the policy headers
(Content-Security-Policy, Permissions-Policy, X-Frame-Options) it was made
with: no policy, session, locale, routing, view or template middleware. The
key carries a fingerprint of the settings those headers come from, so a
deployment that changes them is never answered with the old ones. Otherwise
the request goes on down, already counted, and the view
(``rate_limited``, ``VerificationThrottle``) gives the 429 or the answer; an
answer the view marked shareable (``caching.mark_shareable``) is kept under the
tokens read before the view read the database.

Only plain GETs are served: no query string; for the page, no session or
message cookie and the code in its canonical form (the view redirects any
other). The middleware above it (security headers, ETag and 304) runs on every
response.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from certificates import caching, codes
from certificates.throttling import count_request
from cms.caching import (
    freeze,
    nothing_personal,
    policy_fingerprint,
    seconds_to_keep,
    thaw,
)

_PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, "messages"})
# (address prefix, kind of answer, what follows the code)
_ROUTES = (
    ("/verify/", "page", "/"),
    ("/api/v1/verify/", "json", ""),
    ("/openbadges/credentials/", "badge", ""),
)


class VerificationCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = policy_fingerprint()

    def __call__(self, request):
        target = self.target(request, self.policies)
        if target is None:
            return self.get_response(request)
        code, key = target
        usage, found = count_request(request, [*caching.token_keys(code), key])
        versions = caching.versions(code, found)
        entry = found.get(key)
        if usage.allowed and entry is not None and tuple(entry[:2]) == versions:
            return thaw(*entry[2:])
        response = self.get_response(request)
        if (
            usage.allowed
            and getattr(response, "verification_shareable", False)
            and nothing_personal(request, response)
        ):
            entry = (*versions, *freeze(response))
            cache.set(key, entry, timeout=seconds_to_keep())
        return response

    @staticmethod
    def target(request, policies: str) -> tuple[str, str] | None:
        """(normalised code, cache key) of a cacheable verification request."""
        if request.method != "GET" or request.META.get("QUERY_STRING"):
            return None
        path = request.path_info
        language = None
        if not path.startswith("/api/"):
            language = translation.get_language_from_path(path)
            if language:
                path = path[len(language) + 1 :]
        matches = [
            (kind, path[len(prefix) : len(path) - len(suffix)])
            for prefix, kind, suffix in _ROUTES
            if path.startswith(prefix) and path.endswith(suffix)
        ]
        if not matches:
            return None
        kind, typed = matches[0]
        code = codes.normalise(typed)
        if "/" in typed or not codes.is_well_formed(code):
            return None  # arbitrary text never becomes a cache key
        if kind != "page":
            return code, caching.entry_key(kind, code, policies)
        if code != typed or _PERSONAL_COOKIES & request.COOKIES.keys():
            return None
        # The page shows the site's name and links: one copy per host.
        language = language or settings.LANGUAGE_CODE
        variant = f"{policies}:{language}:{request.get_host()}"
        return code, caching.entry_key(kind, code, variant)
