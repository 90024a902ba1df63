"""Request hygiene and security headers shared by every view."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

from cms.templatetags.academy_csp import current_nonce


class RejectNulCharactersMiddleware:
    """Answer 400 to a NUL character in the path or query string.

    No page or API needs one, and PostgreSQL cannot store or compare text that
    contains it: without this check such a request would become a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("The address contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "bad_request", "message": message}}, status=400
                )
            return HttpResponseBadRequest(
                message, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the admin's policy under /admin/ and the request's nonce
    available to templates rendered without the request (``{% csp_nonce %}``).

    Also sends ``Permissions-Policy`` (``ACADEMY_PERMISSIONS_POLICY``).
    """

    def process_request(self, request):
        super().process_request(request)
        request._csp_nonce_token = current_nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_csp_nonce_token", None)
        if token is not None:
            current_nonce.reset(token)
            request._csp_nonce_token = None
        if settings.ACADEMY_PERMISSIONS_POLICY:
            response.setdefault(
                "Permissions-Policy", settings.ACADEMY_PERMISSIONS_POLICY
            )
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith("/admin/")
        ):
            parts.config = settings.ACADEMY_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
