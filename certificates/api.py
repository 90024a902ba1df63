"""REST API for verification (public), the learner's certificates, and trainers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from certificates import caching
from certificates.models import Certificate
from certificates.selectors import (
    verification_facts,
    verify,
    verify_many,
    verify_url,
)
from certificates.services import certificate_issue, certificate_revoke
from certificates.throttling import VerificationThrottle
from common.rest import StrictCharField, StrictIntegerField
from courses.models import Cohort, Enrolment
from courses.permissions import ManagesACohort

BULK_VERIFY_MAX = 100


class VerificationSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["valid", "expired", "revoked", "withdrawn", "unknown"]
    )
    verify_url = serializers.URLField(required=False)
    name = serializers.CharField(required=False, allow_null=True)
    course = serializers.CharField(required=False)
    competencies = serializers.ListField(child=serializers.DictField(), required=False)
    hours = serializers.CharField(required=False)
    cohort = serializers.CharField(required=False, allow_null=True)
    partner = serializers.CharField(required=False, allow_null=True)
    issued_on = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False, allow_null=True)
    issuer = serializers.DictField(required=False)
    micro_credential = serializers.DictField(
        required=False,
        allow_null=True,
        help_text="The European micro-credential elements the certificate states "
        "(learning outcomes, ECTS, EQF level, assessment, participation, "
        "supervision, quality assurance, awarding body); null for certificates "
        "issued before they were recorded.",
    )
    revoked_on = serializers.DateField(required=False)
    revocation_reason = serializers.CharField(required=False)
    replaced_by = serializers.URLField(
        required=False, help_text="Verification URL of the certificate replacing it."
    )


class BulkVerifyRequestSerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=StrictCharField(max_length=60),
        min_length=1,
        max_length=BULK_VERIFY_MAX,
        help_text=f"At most {BULK_VERIFY_MAX} codes per request.",
    )


class VerificationViewSet(viewsets.ViewSet):
    """Public verification: one certificate by code, or many at once."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [VerificationThrottle]
    lookup_field = "code"
    lookup_value_converter = "str"

    @extend_schema(
        description='Status and claims of one certificate ("unknown" with 404 if '
        "there is none).",
        responses={200: VerificationSerializer, 404: VerificationSerializer},
    )
    def retrieve(self, request, code):
        result = verify(code)
        facts = verification_facts(result)
        response = Response(facts, status=404 if facts["status"] == "unknown" else 200)
        response["Cache-Control"] = "no-cache"  # revalidate: a 304 while unchanged
        if result.found:
            # The same for every client: kept in the shared cache, never stale
            # (certificates/middleware.py).
            caching.mark_shareable(response)
        return response

    @extend_schema(
        request=BulkVerifyRequestSerializer,
        responses={200: VerificationSerializer(many=True)},
    )
    def create(self, request):
        """Check many certificates at once: one status per code, in order."""
        data = BulkVerifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            [
                verification_facts(result)
                for result in verify_many(data.validated_data["codes"])
            ]
        )


class CertificateSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="display_code")
    status = serializers.CharField()
    course = serializers.IntegerField(source="course_id")
    course_title = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()
    has_pdf = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "code",
            "status",
            "course",
            "course_title",
            "issued_at",
            "expires_on",
            "revoked_at",
            "revoked_reason",
            "verify_url",
            "has_pdf",
        ]

    def get_course_title(self, obj) -> str:
        return obj.snapshot["course"]["title"]

    def get_verify_url(self, obj) -> str:
        return verify_url(obj.code)

    def get_has_pdf(self, obj) -> bool:
        return bool(obj.pdf)


class MyCertificateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your certificates, newest first."""

    serializer_class = CertificateSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = [OrderingFilter]
    ordering_fields = ["issued_at"]
    ordering = ["-issued_at"]

    def get_queryset(self):
        return Certificate.objects.filter(learner=self.request.user)


class IssueRequestSerializer(serializers.Serializer):
    cohort = StrictCharField(max_length=16)
    learner = StrictIntegerField(min_value=1, max_value=10**18 - 1)
    reason = StrictCharField(required=False, allow_blank=True, max_length=2000)


class RevokeRequestSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=2000)


class CertificateViewSet(viewsets.GenericViewSet):
    """Trainers issue and revoke the certificates of the cohorts they manage."""

    permission_classes = [ManagesACohort]
    lookup_field = "code"
    lookup_value_converter = "str"

    def get_queryset(self):
        return Certificate.objects.managed_by(self.request.user)

    @extend_schema(
        request=IssueRequestSerializer, responses={201: CertificateSerializer}
    )
    def create(self, request):
        """Issue a learner's certificate (a reason is needed if the rule is not met)."""
        data = IssueRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = get_object_or_404(
            Cohort.objects.managed_by(request.user),
            code=data.validated_data["cohort"],
        )
        enrolment = get_object_or_404(
            Enrolment.objects.ever_enrolled().select_related("learner"),
            cohort=cohort,
            learner_id=data.validated_data["learner"],
        )
        certificate = certificate_issue(
            learner=enrolment.learner,
            course=cohort.course,
            by=request.user,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(
            CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=RevokeRequestSerializer, responses={200: CertificateSerializer}
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, code):
        """Revoke with a reason; the certificate then verifies as revoked."""
        certificate = get_object_or_404(self.get_queryset(), code=code)
        data = RevokeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        certificate = certificate_revoke(
            certificate=certificate,
            by=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(CertificateSerializer(certificate).data)
