"""REST API for verification (public), the learner's certificates and record,
and trainers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import caching, codes
from certificates.models import Certificate, RecordLink
from certificates.selectors import (
    verification_facts,
    verify,
    verify_many,
    verify_url,
)
from certificates.selectors.record import (
    learner_record,
    record_link_lookup,
    record_link_url,
)
from certificates.services import (
    certificate_issue,
    certificate_revoke,
    record_link_create,
    record_link_revoke,
    record_link_viewed,
)
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
            caching.mark_shareable(request, response)
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


# The learner's record (decision 0042).


class RecordCertificateSerializer(serializers.Serializer):
    code = serializers.CharField()
    course = serializers.CharField()
    language = serializers.CharField(
        allow_null=True, help_text="The language its text is in, where known."
    )
    status = serializers.ChoiceField(choices=["valid", "expired"])
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    hours = serializers.CharField()
    ects = serializers.CharField(allow_null=True)
    eqf_level = serializers.CharField(allow_null=True)
    issuer = serializers.CharField()
    issuer_country = serializers.CharField(allow_null=True)
    verify_url = serializers.URLField()


class RecordCompetencySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    alignment_url = serializers.URLField(allow_null=True)
    language = serializers.CharField(
        allow_null=True, help_text="The language its text is in, where known."
    )
    current = serializers.BooleanField(
        help_text="At least one certificate stating it is valid today."
    )
    certified_by = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of the certificates."
    )


class RecordDomainSerializer(serializers.Serializer):
    domain = serializers.CharField()
    alignment_url = serializers.URLField(allow_null=True)
    language = serializers.CharField(
        allow_null=True, help_text="The language its text is in, where known."
    )
    items = RecordCompetencySerializer(many=True)


class RecordSerializer(serializers.Serializer):
    name = serializers.CharField()
    as_of = serializers.DateField()
    url = serializers.URLField(
        allow_null=True, help_text="The shared link it was read through, if any."
    )
    totals = serializers.DictField()
    certificates = RecordCertificateSerializer(many=True)
    competencies = RecordDomainSerializer(many=True)


class MyRecordView(APIView):
    """Your record: every valid or expired certificate and the competencies
    they certify, by domain (revoked certificates are not listed)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: RecordSerializer})
    def get(self, request):
        return Response(learner_record(learner=request.user).as_json())


class RecordLinkSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="display_code", read_only=True)
    url = serializers.SerializerMethodField()
    label = StrictCharField(max_length=100, required=False, allow_blank=True)
    withdrawn_at = serializers.DateTimeField(
        source="revoked_at", read_only=True, allow_null=True
    )

    class Meta:
        model = RecordLink
        fields = ["code", "url", "label", "created_at", "withdrawn_at", "views"]
        read_only_fields = ["created_at", "views"]

    def get_url(self, obj) -> str:
        return record_link_url(obj.code)


class MyRecordLinkViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The links you share your record by: make one, list them, withdraw one."""

    serializer_class = RecordLinkSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "code"
    lookup_value_converter = "str"

    def get_queryset(self):
        return RecordLink.objects.filter(learner=self.request.user)

    def get_object(self):
        return get_object_or_404(
            self.get_queryset(), code=codes.normalise(self.kwargs["code"])
        )

    @extend_schema(request=RecordLinkSerializer, responses={201: RecordLinkSerializer})
    def create(self, request):
        data = RecordLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        link = record_link_create(
            learner=request.user, label=data.validated_data.get("label", "")
        )
        return Response(RecordLinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RecordLinkSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, code):
        """Withdraw the link: it answers 410 from now on."""
        link = record_link_revoke(link=self.get_object(), by=request.user)
        return Response(RecordLinkSerializer(link).data)


class RecordLinkWithdrawn(APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "The holder withdrew this link."
    default_code = "withdrawn"


class SharedRecordViewSet(viewsets.ViewSet):
    """A learner's record, read through a link they shared (public)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [VerificationThrottle]
    lookup_field = "code"
    lookup_value_converter = "str"

    @extend_schema(responses={200: RecordSerializer})
    def retrieve(self, request, code):
        link = record_link_lookup(code)
        if link is None:
            raise NotFound
        if link.revoked_at:
            raise RecordLinkWithdrawn
        record_link_viewed(link=link)
        response = Response(learner_record(learner=link.learner, link=link).as_json())
        response["Cache-Control"] = "private, no-cache"
        return response
