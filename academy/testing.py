"""A GET through the academy's WSGI application in this process (tests and
benchmarks): what a server would answer, the verification cache in front of
Django included, which Django's test client skips."""

from wsgiref.headers import Headers

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from certificates.middleware import VerificationCacheMiddleware


def served_get(
    path: str, *, headers: dict | None = None, secure: bool = False
) -> tuple[int, Headers, bytes]:
    """(status, headers, body) of ``path``. A new application each time, as a
    server started with the settings of that moment."""
    environ = RequestFactory().get(path, headers=headers, secure=secure).environ
    # The path as a server passes it (its bytes as ISO-8859-1), not as the
    # request made from it holds it.
    environ["PATH_INFO"] = environ["PATH_INFO"].encode().decode("iso-8859-1")
    sent = []
    application = VerificationCacheMiddleware(WSGIHandler())
    result = application(environ, lambda status, head, *_: sent.extend([status, head]))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(sent[0].split()[0]), Headers(list(sent[1])), body
