"""Production: refuses to start without a secret key and allowed hosts.

``manage.py check --deploy`` is clean with these settings (tests/academy/
test_settings.py proves it).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False

SECRET_KEY = env("ACADEMY_SECRET_KEY", default="")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set ACADEMY_SECRET_KEY to a random value of at least 50 characters, e.g. "
        'the output of: python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )
ALLOWED_HOSTS = env.list("ACADEMY_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ACADEMY_ALLOWED_HOSTS to the host names the academy is served on, "
        "comma-separated (e.g. academy.example.org)."
    )

# HTTPS everywhere. Behind a TLS-terminating proxy, set
# ACADEMY_SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
if env.bool("ACADEMY_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("ACADEMY_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("ACADEMY_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
