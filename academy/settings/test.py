"""Tests: fast hashing, in-memory e-mail, plain static storage.

The database is SQLite unless DATABASE_URL is set (CI runs the suite on both).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if "EMAIL_URL" not in env:  # noqa: F405 (browser tests read files: filemail://dir)
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# pytest-xdist runs the suite in several processes (gw0, gw1, ...): each keeps
# its files and development keys in a folder of its own.
_WORKER = env("PYTEST_XDIST_WORKER", default="")
_ARTIFACTS = BASE_DIR / "test-artifacts" / _WORKER  # noqa: F405
MEDIA_ROOT = _ARTIFACTS / "media"
WAGTAILADMIN_BASE_URL = "http://testserver"
ACADEMY_PRIVATE_MEDIA_ROOT = _ARTIFACTS / "private-media"
ACADEMY_SEAL_DIR = env.path("ACADEMY_SEAL_DIR", default=_ARTIFACTS / "seal")
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(ACADEMY_PRIVATE_MEDIA_ROOT), "base_url": None},
}
# Browser tests and benchmarks serve the app with gunicorn without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
