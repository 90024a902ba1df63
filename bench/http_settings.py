"""Production settings as ``bench/http_load.py`` serves them: everything from
``academy.settings.production`` (DEBUG off, Redis cache, cached templates),
except that static files are served from the source folders so the benchmark
needs no ``collectstatic``."""

from academy.settings.production import *  # noqa: F403
from academy.settings.production import STORAGES

STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
