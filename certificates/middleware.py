"""Verification answers from the shared cache, before Django handles the request
(decisions 0024, 0028 and 0043).

An employer's scan of a QR code (the verify page), an integration's JSON check
and an Open Badge fetch are each the same for every anonymous visitor. This is
WSGI middleware around Django's application (``academy/wsgi.py``): for such a
request it counts the request against the verification limit and reads the two
version tokens and the cached answer in one atomic round trip. A current entry
within the limit is the answer, exactly as Django sent it the first time (every
header: security, policy, ETag, Vary), or a 304 to a matching ``If-None-Match``;
Django's request handling, its signals and its middleware do not run at all.

Otherwise the request goes on to Django, already counted (``rate_limited`` and
``VerificationThrottle`` read the count from the request), and an answer the
view marked shareable (``caching.mark_shareable``) that holds nothing personal
is kept under the tokens read before the view read the database.

Only plain GETs are served: no query string; for the page, no session or
message cookie and the code in its canonical form (the view redirects any
other). The key carries the scheme and the host (an entry exists only where
Django answered: never for a host it refuses, a former address it redirects, or
plain HTTP where it redirects to HTTPS), the page's language, and a fingerprint
of the settings the headers come from, so a deployment that changes them is
never answered with the old ones.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils.http import parse_etags

from certificates import caching, codes
from certificates.throttling import count_request
from cms.caching import policy_fingerprint, seconds_to_keep

_PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, "messages"})
# (address prefix, kind of answer, what follows the code)
_ROUTES = (
    ("/verify/", "page", "/"),
    ("/api/v1/verify/", "json", ""),
    ("/openbadges/credentials/", "badge", ""),
)
# Settings that decide whether Django answers at all (a host it refuses, a former
# address it redirects, HTTP it sends to HTTPS): a new deployment's answers are
# kept apart from the old one's.
_ROUTING_SETTINGS = (
    "ALLOWED_HOSTS",
    "ACADEMY_FORMER_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "USE_X_FORWARDED_HOST",
)
# What a 304 carries: the headers Django keeps from the full answer
# (``django.utils.cache``), and those its security middleware adds to every one.
_NOT_MODIFIED_HEADERS = frozenset(
    {
        "cache-control",
        "content-location",
        "date",
        "etag",
        "expires",
        "last-modified",
        "vary",
        "strict-transport-security",
        "referrer-policy",
        "cross-origin-opener-policy",
        "x-content-type-options",
    }
)


class VerificationCacheMiddleware:
    def __init__(self, application):
        self.application = application
        self.policies = policy_fingerprint(*_ROUTING_SETTINGS)
        self.languages = frozenset(code for code, _name in settings.LANGUAGES)

    def __call__(self, environ, start_response):
        target = self.target(environ)
        if target is None:
            return self.application(environ, start_response)
        request, code, key = target
        usage, found = count_request(request, [*caching.token_keys(code), key])
        versions = caching.versions(code, found)
        entry = found.get(key)
        if usage.allowed and entry is not None and tuple(entry[:2]) == versions:
            return self.answer(environ, start_response, *entry[2:])
        sent = []

        def keep_start_response(status, headers, exc_info=None):
            sent[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.application(environ, keep_start_response)
        if not (usage.allowed and shareable(environ, *sent)):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished
        cache.set(key, (*versions, *sent, body), timeout=seconds_to_keep())
        return [body]

    def target(self, environ) -> tuple[WSGIRequest, str, str] | None:
        """(request, normalised code, cache key) of a cacheable verification
        request, or None for any other."""
        if environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING"):
            return None
        path = environ.get("PATH_INFO", "")
        language, _slash, rest = path[1:].partition("/")
        if language in self.languages:
            path = "/" + rest
        else:
            language = settings.LANGUAGE_CODE
        route = next(
            (
                (kind, path[len(prefix) : len(path) - len(suffix)])
                for prefix, kind, suffix in _ROUTES
                if path.startswith(prefix) and path.endswith(suffix)
            ),
            None,
        )
        if route is None or (route[0] != "page" and path != environ["PATH_INFO"]):
            return None  # only the page has an address per language
        kind, typed = route
        code = typed if codes.is_well_formed(typed) else codes.normalise(typed)
        if "/" in typed or not codes.is_well_formed(code):
            return None  # arbitrary text never becomes a cache key
        request = WSGIRequest(environ)
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Django answers 400
        if kind == "page":
            if code != typed or _PERSONAL_COOKIES & request.COOKIES.keys():
                return None
            variant = f"{self.policies}:{request.scheme}:{host}:{language}"
        else:
            variant = f"{self.policies}:{request.scheme}:{host}"
        return request, code, caching.entry_key(kind, code, variant)

    @staticmethod
    def answer(environ, start_response, status: str, headers: list, body: bytes):
        """A kept answer, or a 304 if the client holds it already."""
        etag = next((value for name, value in headers if name.lower() == "etag"), "")
        if etag and not_modified(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
            start_response(
                "304 Not Modified",
                [
                    (name, value)
                    for name, value in headers
                    if name.lower() in _NOT_MODIFIED_HEADERS
                ],
            )
            return []
        start_response(status, headers)
        return [body]


def not_modified(if_none_match: str, etag: str) -> bool:
    """Whether ``If-None-Match`` names ``etag`` (weak comparison, as Django's
    conditional GET makes it)."""
    etags = parse_etags(if_none_match) if if_none_match else []
    if etags == ["*"]:
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in etags}


def shareable(environ, status: str = "", headers: list = ()) -> bool:
    """The view marked the answer shareable, and it holds nothing personal: a
    complete 200, no cookie set, no CSRF token or CSP nonce used to make it."""
    if not environ.get(caching.SHAREABLE) or not status.startswith("200 "):
        return False
    if "CSRF_COOKIE_NEEDS_UPDATE" in environ:  # the page holds a CSRF token
        return False
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie" or (
            name.startswith("content-security-policy") and "'nonce-" in value
        ):
            return False
    return True
