"""Request hygiene and security headers shared by every view."""

from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import (
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.utils.translation import gettext as _

from cms.templatetags.academy_csp import current_nonce


class FormerAddressMiddleware:
    """Requests to a host the academy was served on before
    (``ACADEMY_FORMER_HOSTS``) are sent, permanently, to the same path on its
    public address (``ACADEMY_PUBLIC_BASE_URL``): the verification links, QR
    codes and Open Badges ids printed and signed before a move keep resolving,
    as long as the old name still points at the academy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        former = settings.ACADEMY_FORMER_HOSTS
        if former:
            host = request.META.get("HTTP_HOST", "").lower().rsplit(":", 1)[0]
            if host in {name.lower() for name in former}:
                base = settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/")
                return HttpResponsePermanentRedirect(base + request.get_full_path())
        return self.get_response(request)


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

    A policy without a nonce or a per-view change is the same string on every
    response, so it is built once per configuration, not twice per response
    (building it was a fifth of a cached page's time). Otherwise this is
    django-csp's ``process_response``.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = {}  # (report only, id of the directives) -> (directives, policy)

    def process_request(self, request):
        super().process_request(request)
        request._csp_nonce_token = current_nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        if not (settings.DEBUG and response.status_code in (404, 500)):
            for report_only, header, setting in (
                (False, HEADER, "CONTENT_SECURITY_POLICY"),
                (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            ):
                exempt = "_csp_exempt_ro" if report_only else "_csp_exempt"
                excluded = (getattr(settings, setting, None) or {}).get(
                    "EXCLUDE_URL_PREFIXES"
                ) or ()
                if (
                    header in response
                    or getattr(response, exempt, False) is not False
                    or request.path_info.startswith(tuple(excluded))
                ):
                    continue
                parts = self.get_policy_parts(request, response, report_only)
                policy = self._policy(parts, report_only, setting)
                if policy:
                    response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp does: a nonce asked for after the header is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        token = getattr(request, "_csp_nonce_token", None)
        if token is not None:
            current_nonce.reset(token)
            request._csp_nonce_token = None
        if settings.ACADEMY_PERMISSIONS_POLICY:
            response.setdefault(
                "Permissions-Policy", settings.ACADEMY_PERMISSIONS_POLICY
            )
        return response

    def _policy(self, parts: PolicyParts, report_only: bool, setting: str) -> str:
        if parts.nonce is not None or parts.update or parts.replace:
            return build_policy(**asdict(parts), report_only=report_only)
        directives = parts.config
        if directives is None:
            directives = getattr(settings, setting, None)
        key = (report_only, id(directives))
        built = self._built.get(key)
        if built is None or built[0] is not directives:
            # Keeping the directives keeps their id from being reused.
            built = self._built[key] = (
                directives,
                build_policy(config=parts.config, report_only=report_only),
            )
        return built[1]

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith("/admin/")
        ):
            parts.config = settings.ACADEMY_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
