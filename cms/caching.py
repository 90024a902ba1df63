"""The version of what every public page shows around its content.

Pages cached for anonymous visitors (e.g. certificate verification) include
this token in their cache key. Anything that changes the shared parts of a
page (academy settings: name, logo, colours; the published page tree: the
header's links) replaces the token, so every cached page is rebuilt on its
next request. A random token, not a counter: if the cache ever loses it, a new
one is made and nothing stale can come back.
"""

import secrets

from django.core.cache import cache

SITE_VERSION_KEY = "cms:site-version"


def new_version_token() -> str:
    return secrets.token_hex(8)


def site_content_changed() -> None:
    """Every page cached with the site's version is rebuilt on its next request."""
    cache.set(SITE_VERSION_KEY, new_version_token(), timeout=None)
