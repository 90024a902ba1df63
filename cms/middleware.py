"""Public pages for anonymous visitors from the shared cache, and the page an
address leads to for everyone else (decision 0027).

A page is stored only when its view marked it public (``Cache-Control:
public``, as ``cms.caching.mark_public`` does for CMS pages an anonymous visitor
sees) and the request carried nothing personal: no session, no pending
message, no ``Authorization`` header, no CSRF token or CSP nonce used, no cookie
set. It is served to the next anonymous visitor of the same address, in the
same language, for as long as the site's version token (``cms.caching``) is the
one it was made under, and never past midnight.

The middleware sits near the top of the stack, below the security headers and
the ETag: a hit costs one round trip to the cache and skips everything below
it, and keeps the policy headers (Content-Security-Policy, Permissions-Policy,
X-Frame-Options) it was made with. Its key carries a fingerprint of the
settings they come from (``cms.caching.policy_fingerprint``), so a deployment
that changes them is never answered with the old ones. Addresses that never
serve a public page (``ACADEMY_PAGE_CACHE_SKIP_PREFIXES``: the API, the admin,
static files, verification, which keeps its own cache behind its rate limit)
skip the lookup.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from cms.caching import (
    SITE_VERSION_KEY,
    freeze,
    new_version_token,
    nothing_personal,
    policy_fingerprint,
    seconds_to_keep,
    site_version,
    thaw,
)
from cms.i18n import prefixed_request
from common.cache import personal_version_key

PERSONAL_COOKIES = frozenset({settings.SESSION_COOKIE_NAME, "messages"})


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = policy_fingerprint()

    def __call__(self, request):
        key = self.key(request, self.policies)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([SITE_VERSION_KEY, key])
        version = found.get(SITE_VERSION_KEY)
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            return thaw(*entry[1:])
        version = site_version(found)
        response = self.get_response(request)
        if version is not None and self.storable(request, response):
            cache.set(key, (version, *freeze(response)), timeout=seconds_to_keep())
        return response

    @staticmethod
    def key(request, policies: str) -> str | None:
        """The cache key of an anonymous, stateless GET; None for anything else."""
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.path_info
        language = translation.get_language_from_path(path)
        if language:
            path = path[len(language) + 1 :]
        if path.startswith(settings.ACADEMY_PAGE_CACHE_SKIP_PREFIXES):
            return None
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if PERSONAL_COOKIES & request.COOKIES.keys():
            return None
        # The language the locale middleware will choose: the address's prefix,
        # else the visitor's language cookie or browser preference.
        if any(
            name not in settings.ACADEMY_PAGE_CACHE_QUERY_PARAMS or len(values[0]) > 100
            for name, values in request.GET.lists()
        ):
            return None  # arbitrary query strings would fill the cache
        # Without a prefix the locale middleware always chooses LANGUAGE_CODE.
        language = language or settings.LANGUAGE_CODE
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"page:{policies}:{language}:{digest}:{request.method}"

    @staticmethod
    def storable(request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            "public" in cache_control
            and "private" not in cache_control
            and "no-store" not in cache_control
            and nothing_personal(request, response)
        )


PERSONAL_SECONDS = 300


class PersonalPageCacheMiddleware:
    """Pages a signed-in person asked for before, from the shared cache, while
    neither the site nor what that person sees has changed.

    A view opts in with ``cms.caching.mark_personal`` (CMS pages and the
    learner's dashboard do). A page is kept per session (and CSRF cookie, whose
    token its forms carry), address and language, with the site's version token
    and the person's (``common.cache.personal_content_changed``, which every
    write to their progress, enrolments, certificates, notifications, profile,
    account or roles calls), for five minutes at most and never past midnight.
    It is stored only if the request used no CSP nonce, set no cookie of its
    own, left the session unchanged and had no message waiting.

    The middleware sits below the session and locale middleware: a hit costs
    the session's round trip and one more to the cache, and skips
    authentication, routing and rendering. Signing out ends the session, so
    its pages are never found again; a password change or a deactivated account
    replaces the person's token, so the next request goes through the whole
    stack, which signs the old sessions out.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policies = policy_fingerprint()

    def __call__(self, request):
        key = self.key(request, self.policies)
        user_id = request.session.get(SESSION_KEY) if key else None
        if user_id is None or "_messages" in request.session:
            return self.get_response(request)
        version_key = personal_version_key(user_id)
        found = cache.get_many([SITE_VERSION_KEY, version_key, key])
        entry = found.get(key)
        if (
            entry is not None
            and entry[0] == found.get(SITE_VERSION_KEY)
            and entry[1] == found.get(version_key)
            and entry[0] is not None
            and entry[1] is not None
        ):
            return thaw(*entry[2:])
        versions = (site_version(found), self.personal_version(found, version_key))
        response = self.get_response(request)
        if None not in versions and self.storable(request, response):
            timeout = min(PERSONAL_SECONDS, seconds_to_keep())
            cache.set(key, (*versions, *freeze(response)), timeout=timeout)
        return response

    @staticmethod
    def personal_version(found: dict, version_key: str) -> str | None:
        version = found.get(version_key)
        if version is None:
            cache.add(version_key, new_version_token(), timeout=None)
            version = cache.get(version_key)
        return version

    @staticmethod
    def key(request, policies: str) -> str | None:
        """The cache key of a GET by a session holder; None for anything else."""
        if request.method not in ("GET", "HEAD"):
            return None
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key or request.COOKIES.get("messages"):
            return None
        if "HTTP_AUTHORIZATION" in request.META:
            return None
        if any(
            name not in settings.ACADEMY_PAGE_CACHE_QUERY_PARAMS or len(values[0]) > 100
            for name, values in request.GET.lists()
        ):
            return None
        csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        address = "\n".join(
            (request.get_host(), request.get_full_path(), session_key, csrf)
        )
        digest = hashlib.sha256(address.encode()).hexdigest()
        language = translation.get_language()
        return f"personal:{policies}:{language}:{digest}:{request.method}"

    @staticmethod
    def storable(request, response) -> bool:
        csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        # The CSRF middleware sends the cookie again, unchanged, whenever a
        # form used its token: that is not a cookie of the page's own.
        cookies = {
            name: morsel.value
            for name, morsel in response.cookies.items()
            if not (name == settings.CSRF_COOKIE_NAME and morsel.value == csrf)
        }
        return (
            getattr(response, "personal_cache", False)
            and response.status_code == 200
            and not response.streaming
            and not cookies
            and not request.session.modified
            and not isinstance(getattr(request, "_csp_nonce", None), str)
        )


class PageRouteCacheMiddleware:
    """Which page an address leads to, from the shared cache.

    Wagtail finds a page by reading the site, the home page in the current
    language and then each page along the path: two queries per level, about
    twelve for a lesson. This middleware (below the locale middleware) keeps,
    per address and language, the page's id and type and the site, under the
    site's version token, which every publish, move or deletion replaces. For
    every other view the site for the host is read the same way, and only if
    something asks for it (the header and the academy settings do). On a
    hit the page is read with one query and asked to route what is left of the
    path (a routable page's sub-path); Wagtail's ``serve`` then finds the route
    already on the request. A miss, or a page that no longer routes, leaves
    Wagtail to do it as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        version = route_entry = None
        if key is not None:
            found = cache.get_many([SITE_VERSION_KEY, key])
            version, route_entry = site_version(found), found.get(key)
        restored = _current(route_entry, version) and self.restore(request, route_entry)
        if not restored:
            request._wagtail_site = SimpleLazyObject(lambda: _site_for(request))
        response = self.get_response(request)
        route = getattr(request, "_wagtail_route_for_request", None)
        if (
            version is not None
            and route is not None
            and not restored
            and response.status_code != 404  # e.g. domains/<no such domain>/
        ):
            site = request._wagtail_site
            if site:
                page = route[0]
                consumed = page.depth - site.root_page.depth
                entry = (version, page.pk, page.content_type_id, consumed, site)
                cache.set(key, entry, timeout=seconds_to_keep())
        return response

    @staticmethod
    def key(request) -> str | None:
        if request.method not in ("GET", "HEAD", "POST"):
            return None
        path = request.path_info
        language = translation.get_language()
        prefix = f"/{language}/"
        if path.startswith(prefix):
            path = path[len(prefix) - 1 :]
        if path.startswith(settings.ACADEMY_PAGE_CACHE_SKIP_PREFIXES):
            return None
        address = f"{request.get_host()}{path}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"route:{language}:{digest}"

    @staticmethod
    def restore(request, entry) -> bool:
        _version, page_id, content_type_id, consumed, site = entry
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = model.objects.filter(pk=page_id, live=True).first()
        if page is None:
            return False
        path = request.path_info
        language = translation.get_language()
        if path.startswith(f"/{language}/"):
            path = path[len(language) + 1 :]
        components = [component for component in path.split("/") if component]
        try:
            route = page.route(request, components[consumed:])
        except Http404:
            return False
        request._wagtail_site = site
        request._wagtail_route_for_request = route
        return True


def _current(entry, version) -> bool:
    return version is not None and entry is not None and entry[0] == version


def _site_for(request):
    """Wagtail's site for the request's host and port, from the shared cache
    while the site's version token is unchanged; looked up only when used."""
    key = f"site:{request.get_host()}:{request.get_port()}"
    found = cache.get_many([SITE_VERSION_KEY, key])
    version, entry = found.get(SITE_VERSION_KEY), found.get(key)
    if _current(entry, version):
        return entry[1]
    site = Site._find_for_request(request)
    if version is not None:
        cache.set(key, (version, site), timeout=seconds_to_keep())
    return site


class InterfaceLanguageMiddleware:
    """Marks the request as one to a language-prefixed address (``/fr/...``)
    while it is answered, so that default-locale pages link to their address
    in that language (``cms.i18n``, decision 0033)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = bool(translation.get_language_from_path(request.path_info))
        token = prefixed_request.set(prefixed)
        try:
            return self.get_response(request)
        finally:
            prefixed_request.reset(token)
