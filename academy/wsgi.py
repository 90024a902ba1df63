import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.settings.production")

_django = get_wsgi_application()

# Imported once Django is set up. Verification answers come from the shared
# cache before Django handles the request (decision 0043).
from certificates.middleware import VerificationCacheMiddleware  # noqa: E402

application = VerificationCacheMiddleware(_django)
