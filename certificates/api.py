"""Public verification API (DRF): the same facts as the verification page."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from certificates.selectors import verification_facts, verify


class VerifyView(APIView):
    """GET /api/v1/verify/<code>: status and claims of a certificate, or "unknown"."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "verify"

    def get(self, request, code):
        result = verify(code)
        return Response(verification_facts(result), status=200 if result.found else 404)
