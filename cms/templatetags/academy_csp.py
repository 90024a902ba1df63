"""The Content-Security-Policy nonce in templates that have no request in their
context (form widgets, third-party admin templates): ``{% csp_nonce %}``.

``academy.middleware.ContentSecurityPolicyMiddleware`` keeps the current
request's nonce in a context variable for the length of the request.
"""

from contextvars import ContextVar

from django import template

register = template.Library()

current_nonce: ContextVar = ContextVar("csp_nonce", default=None)


@register.simple_tag(takes_context=True)
def csp_nonce(context) -> str:
    # The nonce is lazy (django-csp adds it to the header once it is used), and
    # a lazy object not yet used is falsy: test for None, not truth.
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is None:
        nonce = current_nonce.get()
    return "" if nonce is None else str(nonce)
