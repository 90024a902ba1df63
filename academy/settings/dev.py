"""Development: DEBUG on, a throwaway secret key, every embedded default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("ACADEMY_DEBUG", default=True)
SECRET_KEY = env(
    "ACADEMY_SECRET_KEY",
    default="dev-only-insecure-key-do-not-use-in-production-0123456789abcdef",
)
ALLOWED_HOSTS = env.list("ACADEMY_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
