"""Production: refuses to start without a secret key, allowed hosts and keys.

``manage.py check --deploy`` is clean with these settings (tests/academy/
test_settings.py proves it).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ACADEMY_OB_RETIRED_KEY_FILES,
    ACADEMY_SEAL_RETIRED_CERT_FILES,
    env,
)

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

# The academy's keys: every node signs with the same ones, so a credential made
# on one node verifies against the issuer profile served by any other.
_KEY_VARIABLES = (
    "ACADEMY_SEAL_KEY_FILE",
    "ACADEMY_SEAL_CERT_FILE",
    "ACADEMY_OB_KEY_FILE",
)
_key_files = {name: env(name, default="") for name in _KEY_VARIABLES}
_unset = [name for name, path in _key_files.items() if not path]
_absent = [
    f"{name}={path}"
    for name, path in [
        *_key_files.items(),
        *(("ACADEMY_OB_RETIRED_KEY_FILES", p) for p in ACADEMY_OB_RETIRED_KEY_FILES),
        *(
            ("ACADEMY_SEAL_RETIRED_CERT_FILES", p)
            for p in ACADEMY_SEAL_RETIRED_CERT_FILES
        ),
    ]
    if path and not Path(path).is_file()
]
if _unset or _absent:
    raise ImproperlyConfigured(
        "The academy's keys are missing ("
        + "; ".join(
            [
                *(f"{name} is not set" for name in _unset),
                *(f"{item} is not a file" for item in _absent),
            ]
        )
        + "). Set ACADEMY_SEAL_KEY_FILE, ACADEMY_SEAL_CERT_FILE and "
        "ACADEMY_OB_KEY_FILE to the same key files on every node. Make a set once "
        "with: python manage.py create_academy_keys /path/to/keys "
        "--settings=academy.settings.dev (it prints the three settings), keep a "
        "backup, and give every node a copy."
    )
# The cache is shared by every process and node: page, route and verification
# caches, sessions and rate limits all rely on it. A per-process cache would
# let one process serve a page or a "valid" answer another has replaced.
if not env("REDIS_URL", default=""):
    raise ImproperlyConfigured(
        "Set REDIS_URL to the Redis server every node shares (e.g. "
        "redis://cache.internal:6379/0): cached pages, verification answers, "
        "sessions and rate limits must be the same on every process."
    )

ACADEMY_SEAL_KEY_FILE = _key_files["ACADEMY_SEAL_KEY_FILE"]
ACADEMY_SEAL_CERT_FILE = _key_files["ACADEMY_SEAL_CERT_FILE"]
ACADEMY_OB_KEY_FILE = _key_files["ACADEMY_OB_KEY_FILE"]

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
