"""REST API for the catalogue, the learner's own progress and trainers' cohorts.

Views are thin: they validate input with a serializer, call a service or a
selector, and serialise the result. Object access is filtered by the user, so
another learner's or another cohort's objects answer 404.
"""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from common.rest import IdFilter, OneOfFilter, StrictCharField, StrictIntegerField
from courses.choices import DeliveryMode, DomainKind, EnrolmentStatus, ReviewDecision
from courses.models import (
    MICRO_CREDENTIAL_VALUE_FIELDS,
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CoursePage,
    Enrolment,
    EvidenceFile,
    EvidenceSubmission,
    LessonPage,
    ModulePage,
    parent_ids,
)
from courses.notifications import absolute_url
from courses.permissions import ManagesACohort, may_review
from courses.selectors import (
    cohort_progress,
    learner_course_progress,
    review_queue,
)
from courses.selectors.enrolment import cohort_is_full, waitlist_position
from courses.selectors.schedule import courses_upcoming_sessions, learner_sessions
from courses.services import (
    REQUEST_MESSAGE_MAX,
    ImportRow,
    attendance_mark,
    cohort_import_confirm,
    enrolment_create,
    enrolment_request,
    enrolment_request_decide,
    enrolment_withdraw,
    evidence_review,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
    waitlist_join,
)

# -- serializers ------------


class DomainSerializer(serializers.ModelSerializer):
    locale = serializers.CharField(source="locale.language_code", read_only=True)

    class Meta:
        model = CompetencyDomain
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "kind",
            "alignment_url",
            "locale",
        ]


class CompetencySerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "name", "description", "domain", "alignment_url"]


class SessionSerializer(serializers.ModelSerializer):
    """An in-person session (with its cohort and course selected)."""

    cohort = serializers.CharField(source="cohort.code", read_only=True)
    course = serializers.IntegerField(source="cohort.course_id", read_only=True)
    ends_at = serializers.DateTimeField(source="finishes_at", read_only=True)
    counts_toward_certificate = serializers.BooleanField(read_only=True)
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = CohortSession
        fields = [
            "uid",
            "title",
            "cohort",
            "course",
            "starts_at",
            "ends_at",
            "location",
            "address",
            "map_url",
            "what_to_bring",
            "cancelled",
            "counts_toward_certificate",
            "sequence",
            "calendar_url",
        ]

    def get_calendar_url(self, obj) -> str:
        """The session as a calendar file (RFC 5545)."""
        return absolute_url(reverse("session_calendar", args=[obj.uid]))


class MicroCredentialSerializer(serializers.ModelSerializer):
    """A course's European micro-credential elements, as trainers set them now
    (a certificate states those set when it was issued)."""

    learning_outcomes = serializers.SerializerMethodField()

    class Meta:
        model = CoursePage
        fields = ["learning_outcomes", "ects_credits", *MICRO_CREDENTIAL_VALUE_FIELDS]

    def get_learning_outcomes(self, obj) -> list[str]:
        return [str(block.value) for block in obj.learning_outcomes]


class CourseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code", read_only=True)
    micro_credential = MicroCredentialSerializer(source="*", read_only=True)

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "locale",
            "summary",
            "language",
            "delivery_mode",
            "location",
            "effort_hours",
            "research_project_name",
            "research_project_url",
            "certificate_pass_mark",
            "certificate_requires_evidence",
            "certificate_requires_attendance",
            "certificate_validity_months",
            "micro_credential",
            "sessions",
        ]

    def get_url(self, obj) -> str:
        return obj.full_url or ""

    @extend_schema_field(SessionSerializer(many=True))
    def get_sessions(self, obj):
        """Sessions still to come of the course's cohorts that have not ended."""
        sessions = self.context.get("sessions", {}).get(obj.translation_key, [])
        return SessionSerializer(sessions, many=True).data


class ModuleSerializer(serializers.ModelSerializer):
    course = serializers.SerializerMethodField()
    competencies = serializers.SerializerMethodField()

    class Meta:
        model = ModulePage
        fields = [
            "id",
            "title",
            "slug",
            "course",
            "estimated_hours",
            "is_required",
            "competencies",
        ]

    def get_course(self, obj) -> int | None:
        return self.context.get("parents", {}).get(obj.pk)

    def get_competencies(self, obj) -> list[str]:
        return [link.competency.code for link in obj.module_competencies.all()]


class LessonSerializer(serializers.ModelSerializer):
    module = serializers.SerializerMethodField()
    quizzes = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()

    class Meta:
        model = LessonPage
        fields = [
            "id",
            "title",
            "slug",
            "module",
            "summary",
            "estimated_minutes",
            "quizzes",
            "activities",
        ]

    def get_module(self, obj) -> int | None:
        return self.context.get("parents", {}).get(obj.pk)

    # Raw StreamField data: converting the blocks would load the competency
    # snippets of every lesson (one query per lesson in a list).
    def get_quizzes(self, obj) -> list[str]:
        return [b["id"] for b in obj.raw_blocks("quiz")]

    def get_activities(self, obj) -> list[dict]:
        return [
            {
                "id": b["id"],
                "title": b["value"].get("title", ""),
                "evidence_kinds": list(b["value"].get("evidence_kinds") or []),
            }
            for b in obj.raw_blocks("activity")
        ]


class ParentsMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page_objects", None)
        context["parents"] = parent_ids(page) if page is not None else {}
        return context

    def paginate_queryset(self, queryset):
        self._page_objects = super().paginate_queryset(queryset)
        return self._page_objects


# -- catalogue (public) ------------
class Catalogue:
    # Public, paginated, ordered lists of published content (no docstring: it
    # would describe every operation in the schema).

    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["title", "id"]
    ordering = ["id"]
    lookup_value_converter = "id"

    def filter_queryset(self, queryset):
        # Query parameters filter lists; they never hide one object.
        return super().filter_queryset(queryset) if self.action == "list" else queryset


class CatalogueList(Catalogue, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Public, paginated, ordered lists of published content."""


CATALOGUE_PARAMS = [
    OpenApiParameter("domain", str, description="Competency domain slug"),
    OpenApiParameter("language", str, description="Language of instruction, e.g. en"),
    OpenApiParameter("delivery_mode", str, enum=DeliveryMode.values),
    OpenApiParameter("locale", str, description="Content locale, e.g. fr"),
]


class CourseFilter(django_filters.FilterSet):
    domain = django_filters.CharFilter(method="in_domain")
    language = django_filters.CharFilter()
    delivery_mode = OneOfFilter(choices=DeliveryMode.choices)
    locale = django_filters.CharFilter(field_name="locale__language_code")

    def in_domain(self, courses, name, value):
        return courses.in_domain(value)


@extend_schema_view(
    list=extend_schema(
        description="Published courses, filterable by domain, language and "
        "delivery mode.",
        parameters=CATALOGUE_PARAMS,
    )
)
class CourseViewSet(Catalogue, viewsets.ReadOnlyModelViewSet):
    serializer_class = CourseSerializer
    queryset = CoursePage.objects.none()  # the model, for the schema
    filterset_class = CourseFilter
    ordering_fields = ["title", "effort_hours", "id"]

    def get_queryset(self):
        # Not a class attribute: public() queries view restrictions, which must
        # not happen at import time (a fresh database has no tables yet).
        return CoursePage.objects.live().public().select_related("locale")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if args:  # the courses shown: their sessions in one query
            courses = args[0] if kwargs.get("many") else [args[0]]
            serializer.context["sessions"] = courses_upcoming_sessions(courses=courses)
        return serializer


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}


class ModuleFilter(django_filters.FilterSet):
    course = IdFilter(method="of_course")

    def of_course(self, modules, name, value):
        return modules.child_of(get_object_or_404(CoursePage.objects.live(), pk=value))


@extend_schema(
    parameters=[OpenApiParameter("course", ID_SCHEMA, description="Course id")]
)
class ModuleViewSet(ParentsMixin, CatalogueList):
    """Published modules, optionally of one course."""

    serializer_class = ModuleSerializer
    queryset = ModulePage.objects.none()  # the model, for the schema
    filterset_class = ModuleFilter

    def get_queryset(self):
        return (
            ModulePage.objects.live()
            .public()
            .prefetch_related("module_competencies__competency")
        )


class LessonFilter(django_filters.FilterSet):
    module = IdFilter(method="of_module")

    def of_module(self, lessons, name, value):
        return lessons.child_of(get_object_or_404(ModulePage.objects.live(), pk=value))


@extend_schema(
    parameters=[OpenApiParameter("module", ID_SCHEMA, description="Module id")]
)
class LessonViewSet(ParentsMixin, CatalogueList):
    """Published lessons (metadata only, not the gated content)."""

    serializer_class = LessonSerializer
    queryset = LessonPage.objects.none()  # the model, for the schema
    filterset_class = LessonFilter

    def get_queryset(self):
        return LessonPage.objects.live().public()


class DomainFilter(django_filters.FilterSet):
    locale = django_filters.CharFilter(field_name="locale__language_code")
    kind = OneOfFilter(choices=DomainKind.choices)


@extend_schema(
    parameters=[
        OpenApiParameter("locale", str),
        OpenApiParameter("kind", str, enum=DomainKind.values),
    ]
)
class DomainViewSet(CatalogueList):
    serializer_class = DomainSerializer
    filterset_class = DomainFilter
    queryset = CompetencyDomain.objects.select_related("locale")
    ordering_fields = ["name", "sort_order", "id"]
    ordering = ["sort_order", "id"]


class CompetencyFilter(django_filters.FilterSet):
    domain = django_filters.CharFilter(field_name="domain__slug")
    locale = django_filters.CharFilter(field_name="locale__language_code")


@extend_schema(
    parameters=[OpenApiParameter("domain", str), OpenApiParameter("locale", str)]
)
class CompetencyViewSet(CatalogueList):
    serializer_class = CompetencySerializer
    filterset_class = CompetencyFilter
    queryset = Competency.objects.select_related("domain")
    ordering_fields = ["code", "name", "id"]


# -- the learner ------------
class EnrolmentSerializer(serializers.ModelSerializer):
    cohort = serializers.CharField(source="cohort.code", read_only=True)
    cohort_name = serializers.CharField(source="cohort.name", read_only=True)
    course = serializers.IntegerField(source="cohort.course_id", read_only=True)
    position = serializers.SerializerMethodField(
        help_text="Place on the waiting list (1 is next) while ``waiting``."
    )

    class Meta:
        model = Enrolment
        fields = [
            "cohort",
            "cohort_name",
            "course",
            "status",
            "source",
            "enrolled_at",
            "withdrawn_at",
            "requested_at",
            "position",
            "message",
            "response",
        ]

    def get_position(self, obj) -> int | None:
        return waitlist_position(enrolment=obj)


class EnrolRequestSerializer(serializers.Serializer):
    cohort = StrictCharField(max_length=16, help_text="The cohort's code.")
    waitlist = serializers.BooleanField(
        required=False,
        default=False,
        help_text="If the cohort is full, join its waiting list (status "
        "``waiting``) instead of being refused with the code ``full``.",
    )
    message = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=REQUEST_MESSAGE_MAX,
        help_text="For a cohort that requires a trainer's approval: a short "
        "message to its trainers with the request (status ``pending``).",
    )


STATUS_PARAM = OpenApiParameter("status", str, enum=EnrolmentStatus.values)


class EnrolmentFilter(django_filters.FilterSet):
    status = OneOfFilter(choices=EnrolmentStatus.choices)


MY_ENROLMENTS = (
    "Your enrolments, waiting-list places and requests to join; POST to enrol "
    "yourself in an open cohort: ``active``, or ``waiting`` (a full cohort, with "
    "``waitlist``), or ``pending`` (a cohort that requires a trainer's approval). "
    "Refusals are 400 errors (code ``validation_error``) with a ``reason``: "
    "``closed``, ``full``, ``already_in_course``, ``prerequisites_missing``, "
    "``not_full``, ``message_too_long``. DELETE "
    "withdraws, leaves the waiting list or takes a request back."
)


@extend_schema_view(
    list=extend_schema(description=MY_ENROLMENTS, parameters=[STATUS_PARAM])
)
class MyEnrolmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [IsAuthenticated]
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()  # the model, for the schema
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = EnrolmentFilter
    ordering_fields = ["enrolled_at"]
    ordering = ["-enrolled_at"]
    lookup_field = "cohort__code"
    lookup_url_kwarg = "code"
    lookup_value_converter = "str"

    def get_queryset(self):
        return Enrolment.objects.filter(learner=self.request.user).select_related(
            "cohort"
        )

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(
        description=MY_ENROLMENTS,
        parameters=[STATUS_PARAM],
        request=EnrolRequestSerializer,
        responses={201: EnrolmentSerializer},
    )
    def create(self, request):
        data = EnrolRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = get_object_or_404(Cohort, code=data.validated_data["cohort"])
        if cohort.requires_approval:
            enrolment = enrolment_request(
                cohort=cohort,
                learner=request.user,
                message=data.validated_data.get("message", ""),
            )
        elif data.validated_data["waitlist"] and cohort_is_full(cohort=cohort):
            enrolment = waitlist_join(cohort=cohort, learner=request.user)
        else:
            enrolment = enrolment_create(cohort=cohort, learner=request.user)
        return Response(
            EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(responses={200: EnrolmentSerializer})
    def destroy(self, request, code):
        """Withdraw from the cohort (progress is kept), leave its waiting list or
        take a request to join back."""
        enrolment = enrolment_withdraw(enrolment=self.get_object())
        return Response(EnrolmentSerializer(enrolment).data)


class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.id")
    title = serializers.CharField(source="module.title")
    required = serializers.BooleanField(source="module.required")
    completed = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer):
    course = serializers.IntegerField(source="course.id")
    percent = serializers.IntegerField()
    complete = serializers.BooleanField()
    modules = ModuleProgressSerializer(many=True)
    missing = serializers.SerializerMethodField()
    completed_lessons = serializers.SerializerMethodField()
    competencies = serializers.SerializerMethodField()
    sessions_attended = serializers.IntegerField(source="records.sessions_attended")
    sessions_held = serializers.IntegerField()

    def get_missing(self, obj) -> list[str]:
        return [str(m) for m in obj.rule.missing]

    def get_completed_lessons(self, obj) -> list[int]:
        return sorted(obj.records.completed_lessons)

    def get_competencies(self, obj) -> list[int]:
        return sorted(obj.competency_ids)


class MyProgressViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    queryset = CoursePage.objects.all()
    lookup_url_kwarg = "course_id"
    lookup_value_converter = "id"

    @extend_schema(responses={200: ProgressSerializer})
    def retrieve(self, request, course_id):
        course = self.get_object()
        progress = learner_course_progress(learner=request.user, course=course)
        if progress is None:
            raise NotFound("You are not enrolled in this course.")
        return Response(ProgressSerializer(progress).data)


@extend_schema_view(
    list=extend_schema(
        description="Your sessions still to come, soonest first, from the cohorts "
        "you are enrolled in (cancelled ones included, marked so)."
    )
)
class MySessionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = SessionSerializer
    queryset = CohortSession.objects.none()  # the model, for the schema

    def get_queryset(self):
        return (
            learner_sessions(learner=self.request.user)
            .upcoming()
            .order_by("starts_at", "pk")
        )


class CompletionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField(source="lesson_id")
    completed_at = serializers.DateTimeField()
    source = serializers.CharField()


class QuizAnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(
            child=StrictCharField(max_length=64), max_length=20
        ),
        help_text="Question id -> chosen option ids.",
    )


class QuizAttemptSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    pass_mark = serializers.IntegerField()
    passed = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class EvidenceRequestSerializer(serializers.Serializer):
    text = StrictCharField(required=False, allow_blank=True, max_length=20_000)
    file = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=(
            "One or more files (multipart; repeat the field for each file), up to "
            "the activity's maximum number of files."
        ),
    )


class EvidenceFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceFile
        fields = [
            "public_id",
            "original_filename",
            "content_type",
            "size",
            "sha256",
            "preview_status",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    lesson = serializers.IntegerField(source="lesson_id")
    files = EvidenceFileSerializer(many=True, read_only=True)
    original_filename = serializers.SerializerMethodField(
        help_text="The first file's name, or empty (kept for v1 clients; see files)."
    )

    class Meta:
        model = EvidenceSubmission
        fields = [
            "public_id",
            "lesson",
            "activity_block_id",
            "text",
            "original_filename",
            "files",
            "status",
            "submitted_at",
        ]

    def get_original_filename(self, submission) -> str:
        files = list(submission.files.all())
        return files[0].original_filename if files else ""


class MyLessonViewSet(viewsets.GenericViewSet):
    """What the signed-in learner does in a lesson: complete it, answer its
    quizzes, hand in evidence for its activities."""

    permission_classes = [IsAuthenticated]
    lookup_url_kwarg = "lesson_id"
    lookup_value_converter = "id"

    def get_queryset(self):
        return LessonPage.objects.live().public()

    @extend_schema(request=None, responses={200: CompletionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, lesson_id):
        """Mark a lesson complete (idempotent)."""
        completion = lesson_complete(learner=request.user, lesson=self.get_object())
        return Response(CompletionSerializer(completion).data)

    @extend_schema(
        request=QuizAnswersSerializer, responses={201: QuizAttemptSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="quizzes/<str:block_id>/attempts",
        url_name="quiz-attempts",
    )
    def quiz_attempt(self, request, lesson_id, block_id):
        """Submit answers; they are graded on the server, kept, and a pass completes."""
        data = QuizAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {
            f"q-{q}": chosen for q, chosen in data.validated_data["answers"].items()
        }
        attempt, _result = quiz_attempt_submit(
            learner=request.user,
            lesson=self.get_object(),
            block_id=block_id,
            data=answers,
        )
        return Response(
            QuizAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=EvidenceRequestSerializer, responses={201: EvidenceSerializer}
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="activities/<str:block_id>/evidence",
        url_name="evidence",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def evidence(self, request, lesson_id, block_id):
        """Hand in evidence for a practical activity (text and/or files)."""
        data = EvidenceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = evidence_submit(
            learner=request.user,
            lesson=self.get_object(),
            block_id=block_id,
            text=data.validated_data.get("text", ""),
            uploads=data.validated_data.get("file") or [],
        )
        return Response(
            EvidenceSerializer(submission).data, status=status.HTTP_201_CREATED
        )


# -- trainers ------------
class CohortSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", read_only=True)
    partner = serializers.CharField(
        source="partner.name", read_only=True, default=None, allow_null=True
    )
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "code",
            "name",
            "course",
            "starts_on",
            "ends_on",
            "location",
            "partner",
            "capacity",
            "is_open",
            "sessions",
        ]


def _my_cohorts(request):
    return (
        Cohort.objects.managed_by(request.user)
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=CohortSession.objects.select_related("cohort__course"),
            )
        )
    )


class PersonSerializer(serializers.Serializer):
    name = StrictCharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254)


class BulkEnrolSerializer(serializers.Serializer):
    people = PersonSerializer(many=True, max_length=1000, min_length=1)


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.CharField()
    outcome = serializers.CharField()
    imported = serializers.BooleanField()


class CohortLearnerSerializer(serializers.Serializer):
    learner = serializers.IntegerField(source="learner_id")
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="learner.email")
    status = serializers.CharField()
    enrolled_at = serializers.DateTimeField()
    requested_at = serializers.DateTimeField(allow_null=True)
    message = serializers.CharField()

    def get_name(self, obj) -> str:
        profile = getattr(obj.learner, "profile", None)
        return profile.printed_name if profile else ""


class CohortLearnerProgressSerializer(serializers.Serializer):
    learner = serializers.IntegerField(source="enrolment.learner_id")
    progress = ProgressSerializer()


class RequestDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="true accepts, false declines.")
    response = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=REQUEST_MESSAGE_MAX,
        help_text="A message to the learner, sent with the answer.",
    )


class AttendanceRequestSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=10**18 - 1), max_length=1000
    )


COHORT_ENROLMENTS = (
    "Learners of a cohort you manage; POST people to enrol them (all or nothing)."
)


@extend_schema_view(
    list=extend_schema(
        description="The cohorts you manage: those you train (every cohort for "
        "editors)."
    )
)
class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CohortSerializer
    permission_classes = [ManagesACohort]
    filter_backends = [OrderingFilter]
    ordering_fields = ["starts_on", "name"]
    ordering = ["-starts_on"]
    filterset_class = None  # the enrolments action has one
    lookup_field = "code"
    lookup_value_converter = "str"

    def get_queryset(self):
        return _my_cohorts(self.request)

    @extend_schema(
        methods=["GET"],
        description=COHORT_ENROLMENTS,
        parameters=[STATUS_PARAM],
        responses={200: CohortLearnerSerializer(many=True)},
    )
    @extend_schema(
        methods=["POST"],
        description=COHORT_ENROLMENTS,
        parameters=[STATUS_PARAM],
        request=BulkEnrolSerializer,
        responses={200: ImportRowSerializer(many=True)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[DjangoFilterBackend, OrderingFilter],
        filterset_class=EnrolmentFilter,
        ordering_fields=["enrolled_at", "learner__profile__printed_name"],
        ordering=["enrolled_at", "pk"],
    )
    def enrolments(self, request, code):
        cohort = get_object_or_404(self.get_queryset(), code=code)
        if request.method == "POST":
            data = BulkEnrolSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            rows = [
                ImportRow(line=n, name=p.get("name", ""), email=p["email"], outcome="")
                for n, p in enumerate(data.validated_data["people"], start=1)
            ]
            report = cohort_import_confirm(cohort=cohort, rows=rows, by=request.user)
            return Response(ImportRowSerializer(report, many=True).data)
        enrolments = Enrolment.objects.filter(cohort=cohort)
        page = self.paginate_queryset(
            self.filter_queryset(enrolments.select_related("learner__profile"))
        )
        return self.get_paginated_response(
            CohortLearnerSerializer(page, many=True).data
        )

    @extend_schema(responses={200: CohortLearnerProgressSerializer(many=True)})
    @action(detail=True, filter_backends=[], pagination_class=None)
    def progress(self, request, code):
        cohort = get_object_or_404(
            self.get_queryset().select_related("course"), code=code
        )
        rows = cohort_progress(cohort=cohort)["rows"]
        return Response(CohortLearnerProgressSerializer(rows, many=True).data)

    @extend_schema(
        request=RequestDecisionSerializer,
        responses={200: CohortLearnerSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="requests/<id:learner_id>",
        url_name="request-decision",
    )
    def decide_request(self, request, code, learner_id):
        """Accept or decline a learner's request to join (status ``pending``).
        Accepted into a full cohort, they join its waiting list (``waiting``)."""
        cohort = get_object_or_404(self.get_queryset(), code=code)
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("learner__profile"),
            cohort=cohort,
            learner_id=learner_id,
        )
        data = RequestDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        enrolment = enrolment_request_decide(
            enrolment=enrolment,
            by=request.user,
            accept=data.validated_data["accept"],
            response=data.validated_data.get("response", ""),
        )
        return Response(CohortLearnerSerializer(enrolment).data)

    @extend_schema(
        request=AttendanceRequestSerializer,
        responses={
            200: inline_serializer(
                "AttendanceResult",
                {"present": serializers.ListField(child=serializers.IntegerField())},
            )
        },
    )
    @action(
        detail=True,
        methods=["put"],
        url_path="sessions/<id:session_id>/attendance",
        url_name="attendance",
    )
    def attendance(self, request, code, session_id):
        """Record the register: the learner ids who were present."""
        cohort = get_object_or_404(self.get_queryset(), code=code)
        session = get_object_or_404(CohortSession, pk=session_id, cohort=cohort)
        data = AttendanceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        records = attendance_mark(
            session=session, present_ids=data.validated_data["present"], by=request.user
        )
        return Response({"present": sorted(r.learner_id for r in records if r.present)})


class ReviewRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    feedback = StrictCharField(required=False, allow_blank=True, max_length=5000)


@extend_schema_view(
    list=extend_schema(
        description="Evidence waiting for your review, oldest first.",
        parameters=[OpenApiParameter("cohort", str, description="Cohort code")],
    )
)
class ReviewViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = EvidenceSerializer
    permission_classes = [ManagesACohort]
    filter_backends = [OrderingFilter]
    ordering_fields = ["submitted_at"]
    ordering = ["submitted_at"]
    lookup_field = "public_id"

    def get_queryset(self):
        cohort = None
        if code := self.request.query_params.get("cohort"):
            cohort = get_object_or_404(_my_cohorts(self.request), code=code)
        return review_queue(trainer=self.request.user, cohort=cohort)

    def get_object(self):
        submission = get_object_or_404(
            EvidenceSubmission, public_id=self.kwargs["public_id"]
        )
        if not may_review(self.request.user, submission):
            raise NotFound()
        return submission

    @extend_schema(responses={200: EvidenceSerializer})
    def retrieve(self, request, public_id):
        return Response(EvidenceSerializer(self.get_object()).data)

    @extend_schema(request=ReviewRequestSerializer, responses={200: EvidenceSerializer})
    def review(self, request, public_id):
        """Approve, or ask for changes with feedback."""
        submission = self.get_object()
        data = ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence_review(
            submission=submission, reviewer=request.user, **data.validated_data
        )
        submission.refresh_from_db()
        return Response(EvidenceSerializer(submission).data)
