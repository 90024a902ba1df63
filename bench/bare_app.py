"""A one-view Django project with no middleware and no database: the ceiling
for any Django page on this machine. ``bench/http_load.py`` serves it with gunicorn
beside the academy and gives every page's throughput as a ratio to it."""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-bare-app-key-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse("Hello, citizen scientist.", content_type="text/plain")


urlpatterns = [path("", hello)]
application = get_wsgi_application()
