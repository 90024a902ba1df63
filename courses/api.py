"""REST API for the catalogue, the learner's own progress and trainers' cohorts.

Views are thin: they validate input with a serializer, call a service or a
selector, and serialise the result. Object access is filtered by the user, so
another learner's or another cohort's objects answer 404.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from common.rest import (
    StrictCharField,
    StrictIntegerField,
    choice_param,
    int_param,
)
from courses.choices import DeliveryMode, DomainKind, EnrolmentStatus, ReviewDecision
from courses.models import (
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CoursePage,
    Enrolment,
    EvidenceSubmission,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)
from courses.permissions import ManagesACohort, may_review
from courses.selectors import (
    cohort_progress,
    learner_course_progress,
    review_queue,
)
from courses.services import (
    ImportRow,
    attendance_mark,
    cohort_import_confirm,
    enrolment_create,
    enrolment_withdraw,
    evidence_review,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
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


class CourseSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code", read_only=True)

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
        ]

    def get_url(self, obj) -> str:
        return obj.full_url or ""


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
        return self.context.get("parents", {}).get(obj.path[:-4])

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
        return self.context.get("parents", {}).get(obj.path[:-4])

    # Raw StreamField data: converting the blocks would load the competency
    # snippets of every lesson (one query per lesson in a list).
    def get_quizzes(self, obj) -> list[str]:
        return [b["id"] for b in obj.body.raw_data if b["type"] == "quiz"]

    def get_activities(self, obj) -> list[dict]:
        return [
            {
                "id": b["id"],
                "title": b["value"].get("title", ""),
                "evidence_kinds": list(b["value"].get("evidence_kinds") or []),
            }
            for b in obj.body.raw_data
            if b["type"] == "activity"
        ]


def _parents(objects) -> dict[str, int]:
    paths = {o.path[:-4] for o in objects}

    return dict(Page.objects.filter(path__in=paths).values_list("path", "id"))


class ParentsMixin:
    def get_serializer_context(self):
        context = super().get_serializer_context()
        page = getattr(self, "_page_objects", None)
        context["parents"] = _parents(page) if page is not None else {}
        return context

    def paginate_queryset(self, queryset):
        self._page_objects = super().paginate_queryset(queryset)
        return self._page_objects


# -- catalogue (public) ------------
class CatalogueListView(generics.ListAPIView):
    """Public, paginated, ordered lists of published content."""

    permission_classes = [AllowAny]
    filter_backends = [OrderingFilter]
    ordering_fields = ["title", "id"]
    ordering = ["id"]


CATALOGUE_PARAMS = [
    OpenApiParameter("domain", str, description="Competency domain slug"),
    OpenApiParameter("language", str, description="Language of instruction, e.g. en"),
    OpenApiParameter("delivery_mode", str, enum=DeliveryMode.values),
    OpenApiParameter("locale", str, description="Content locale, e.g. fr"),
]


@extend_schema(parameters=CATALOGUE_PARAMS)
class CourseListView(CatalogueListView):
    """Published courses, filterable by domain, language and delivery mode."""

    serializer_class = CourseSerializer
    ordering_fields = ["title", "effort_hours", "id"]

    def get_queryset(self):
        courses = CoursePage.objects.live().public().select_related("locale")
        params = self.request.query_params
        if value := params.get("language"):
            courses = courses.filter(language=value)
        if value := choice_param(self.request, "delivery_mode", DeliveryMode.values):
            courses = courses.filter(delivery_mode=value)
        if value := params.get("locale"):
            courses = courses.filter(locale__language_code=value)
        if value := params.get("domain"):
            module_paths = ModuleCompetency.objects.filter(
                competency__domain__slug=value, page__live=True
            ).values_list("page__path", flat=True)
            course_paths = {p[:-4] for p in module_paths}
            courses = courses.filter(
                Q(path__in=course_paths) | Q(course_domains__domain__slug=value)
            ).distinct()
        return courses


class CourseDetailView(generics.RetrieveAPIView):
    serializer_class = CourseSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        # Not a class attribute: public() queries view restrictions, which must
        # not happen at import time (a fresh database has no tables yet).
        return CoursePage.objects.live().public().select_related("locale")


ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}


@extend_schema(
    parameters=[OpenApiParameter("course", ID_SCHEMA, description="Course id")]
)
class ModuleListView(ParentsMixin, CatalogueListView):
    """Published modules, optionally of one course."""

    serializer_class = ModuleSerializer

    def get_queryset(self):
        modules = (
            ModulePage.objects.live()
            .public()
            .prefetch_related("module_competencies__competency")
        )
        if value := int_param(self.request, "course"):
            course = get_object_or_404(CoursePage.objects.live(), pk=value)
            modules = modules.child_of(course)
        return modules


@extend_schema(
    parameters=[OpenApiParameter("module", ID_SCHEMA, description="Module id")]
)
class LessonListView(ParentsMixin, CatalogueListView):
    """Published lessons (metadata only, not the gated content)."""

    serializer_class = LessonSerializer

    def get_queryset(self):
        lessons = LessonPage.objects.live().public()
        if value := int_param(self.request, "module"):
            module = get_object_or_404(ModulePage.objects.live(), pk=value)
            lessons = lessons.child_of(module)
        return lessons


@extend_schema(
    parameters=[
        OpenApiParameter("locale", str),
        OpenApiParameter("kind", str, enum=DomainKind.values),
    ]
)
class DomainListView(CatalogueListView):
    serializer_class = DomainSerializer
    ordering_fields = ["name", "sort_order", "id"]
    ordering = ["sort_order", "id"]

    def get_queryset(self):
        domains = CompetencyDomain.objects.select_related("locale")
        if value := self.request.query_params.get("locale"):
            domains = domains.filter(locale__language_code=value)
        if value := choice_param(self.request, "kind", DomainKind.values):
            domains = domains.filter(kind=value)
        return domains


@extend_schema(
    parameters=[OpenApiParameter("domain", str), OpenApiParameter("locale", str)]
)
class CompetencyListView(CatalogueListView):
    serializer_class = CompetencySerializer
    ordering_fields = ["code", "name", "id"]

    def get_queryset(self):
        competencies = Competency.objects.select_related("domain")
        if value := self.request.query_params.get("domain"):
            competencies = competencies.filter(domain__slug=value)
        if value := self.request.query_params.get("locale"):
            competencies = competencies.filter(locale__language_code=value)
        return competencies


# -- the learner ------------
class EnrolmentSerializer(serializers.ModelSerializer):
    cohort = serializers.CharField(source="cohort.code", read_only=True)
    cohort_name = serializers.CharField(source="cohort.name", read_only=True)
    course = serializers.IntegerField(source="cohort.course_id", read_only=True)

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
        ]


class EnrolRequestSerializer(serializers.Serializer):
    cohort = StrictCharField(max_length=16, help_text="The cohort's code.")


STATUS_PARAM = OpenApiParameter("status", str, enum=EnrolmentStatus.values)


@extend_schema(parameters=[STATUS_PARAM])
class MyEnrolmentsView(generics.ListCreateAPIView):
    """Your enrolments; POST to enrol yourself in an open cohort."""

    permission_classes = [IsAuthenticated]
    serializer_class = EnrolmentSerializer
    filter_backends = [OrderingFilter]
    ordering_fields = ["enrolled_at"]
    ordering = ["-enrolled_at"]

    def get_queryset(self):
        enrolments = Enrolment.objects.filter(learner=self.request.user).select_related(
            "cohort"
        )
        if value := choice_param(self.request, "status", EnrolmentStatus.values):
            enrolments = enrolments.filter(status=value)
        return enrolments

    @extend_schema(request=EnrolRequestSerializer, responses={201: EnrolmentSerializer})
    def post(self, request):
        data = EnrolRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = get_object_or_404(Cohort, code=data.validated_data["cohort"])
        enrolment = enrolment_create(cohort=cohort, learner=request.user)
        return Response(
            EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED
        )


class MyEnrolmentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    def _enrolment(self, request, code):
        return get_object_or_404(
            Enrolment.objects.select_related("cohort"),
            learner=request.user,
            cohort__code=code,
        )

    @extend_schema(responses={200: EnrolmentSerializer})
    def get(self, request, code):
        return Response(EnrolmentSerializer(self._enrolment(request, code)).data)

    @extend_schema(responses={200: EnrolmentSerializer})
    def delete(self, request, code):
        """Withdraw from the cohort (progress is kept)."""
        enrolment = enrolment_withdraw(enrolment=self._enrolment(request, code))
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


class MyProgressView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProgressSerializer})
    def get(self, request, course_id):
        course = get_object_or_404(CoursePage, pk=course_id)
        progress = learner_course_progress(learner=request.user, course=course)
        if progress is None:
            raise NotFound("You are not enrolled in this course.")
        return Response(ProgressSerializer(progress).data)


class CompletionSerializer(serializers.Serializer):
    lesson = serializers.IntegerField(source="lesson_id")
    completed_at = serializers.DateTimeField()
    source = serializers.CharField()


def _lesson(lesson_id) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)


class LessonCompleteView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: CompletionSerializer})
    def post(self, request, lesson_id):
        """Mark a lesson complete (idempotent)."""
        completion = lesson_complete(learner=request.user, lesson=_lesson(lesson_id))
        return Response(CompletionSerializer(completion).data)


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


class QuizAttemptView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=QuizAnswersSerializer, responses={201: QuizAttemptSerializer}
    )
    def post(self, request, lesson_id, block_id):
        """Submit answers; they are graded on the server, kept, and a pass completes."""
        data = QuizAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = {
            f"q-{q}": chosen for q, chosen in data.validated_data["answers"].items()
        }
        attempt, _result = quiz_attempt_submit(
            learner=request.user,
            lesson=_lesson(lesson_id),
            block_id=block_id,
            data=answers,
        )
        return Response(
            QuizAttemptSerializer(attempt).data, status=status.HTTP_201_CREATED
        )


class EvidenceRequestSerializer(serializers.Serializer):
    text = StrictCharField(required=False, allow_blank=True, max_length=20_000)
    file = serializers.FileField(required=False)


class EvidenceSerializer(serializers.ModelSerializer):
    lesson = serializers.IntegerField(source="lesson_id")

    class Meta:
        model = EvidenceSubmission
        fields = [
            "public_id",
            "lesson",
            "activity_block_id",
            "text",
            "original_filename",
            "status",
            "submitted_at",
        ]


class EvidenceSubmitView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request=EvidenceRequestSerializer, responses={201: EvidenceSerializer}
    )
    def post(self, request, lesson_id, block_id):
        """Hand in evidence for a practical activity (text and/or one file)."""
        data = EvidenceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = evidence_submit(
            learner=request.user,
            lesson=_lesson(lesson_id),
            block_id=block_id,
            text=data.validated_data.get("text", ""),
            upload=data.validated_data.get("file"),
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
        ]


def _my_cohorts(request):
    return Cohort.objects.managed_by(request.user).select_related("partner")


class CohortListView(generics.ListAPIView):
    """The cohorts you manage: those you train (every cohort for editors)."""

    serializer_class = CohortSerializer
    permission_classes = [ManagesACohort]
    filter_backends = [OrderingFilter]
    ordering_fields = ["starts_on", "name"]
    ordering = ["-starts_on"]

    def get_queryset(self):
        return _my_cohorts(self.request)


class CohortDetailView(generics.RetrieveAPIView):
    serializer_class = CohortSerializer
    permission_classes = [ManagesACohort]
    lookup_field = "code"

    def get_queryset(self):
        return _my_cohorts(self.request)


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

    def get_name(self, obj) -> str:
        profile = getattr(obj.learner, "profile", None)
        return profile.printed_name if profile else ""


@extend_schema(parameters=[STATUS_PARAM])
class CohortEnrolmentsView(generics.ListAPIView):
    """Learners of a cohort you manage; POST people to enrol them (all or nothing)."""

    serializer_class = CohortLearnerSerializer
    permission_classes = [ManagesACohort]
    filter_backends = [OrderingFilter]
    ordering_fields = ["enrolled_at", "learner__profile__printed_name"]
    ordering = ["enrolled_at", "pk"]

    def _cohort(self):
        return get_object_or_404(_my_cohorts(self.request), code=self.kwargs["code"])

    def get_queryset(self):
        enrolments = Enrolment.objects.filter(cohort=self._cohort()).select_related(
            "learner__profile"
        )
        if value := choice_param(self.request, "status", EnrolmentStatus.values):
            enrolments = enrolments.filter(status=value)
        return enrolments

    @extend_schema(
        request=BulkEnrolSerializer, responses={200: ImportRowSerializer(many=True)}
    )
    def post(self, request, code):
        data = BulkEnrolSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = [
            ImportRow(line=n, name=p.get("name", ""), email=p["email"], outcome="")
            for n, p in enumerate(data.validated_data["people"], start=1)
        ]
        report = cohort_import_confirm(
            cohort=self._cohort(), rows=rows, by=request.user
        )
        return Response(ImportRowSerializer(report, many=True).data)


class CohortLearnerProgressSerializer(serializers.Serializer):
    learner = serializers.IntegerField(source="enrolment.learner_id")
    progress = ProgressSerializer()


class CohortProgressView(APIView):
    permission_classes = [ManagesACohort]

    @extend_schema(responses={200: CohortLearnerProgressSerializer(many=True)})
    def get(self, request, code):
        cohort = get_object_or_404(
            _my_cohorts(request).select_related("course"), code=code
        )
        rows = cohort_progress(cohort=cohort)["rows"]
        return Response(CohortLearnerProgressSerializer(rows, many=True).data)


class AttendanceRequestSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=10**18 - 1), max_length=1000
    )


class AttendanceView(APIView):
    permission_classes = [ManagesACohort]

    @extend_schema(
        request=AttendanceRequestSerializer,
        responses={
            200: inline_serializer(
                "AttendanceResult",
                {"present": serializers.ListField(child=serializers.IntegerField())},
            )
        },
    )
    def put(self, request, code, session_id):
        """Record the register: the learner ids who were present."""
        cohort = get_object_or_404(_my_cohorts(request), code=code)
        session = get_object_or_404(CohortSession, pk=session_id, cohort=cohort)
        data = AttendanceRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        records = attendance_mark(
            session=session, present_ids=data.validated_data["present"], by=request.user
        )
        return Response({"present": sorted(r.learner_id for r in records if r.present)})


@extend_schema(parameters=[OpenApiParameter("cohort", str, description="Cohort code")])
class ReviewQueueView(generics.ListAPIView):
    """Evidence waiting for your review, oldest first."""

    serializer_class = EvidenceSerializer
    permission_classes = [ManagesACohort]
    filter_backends = [OrderingFilter]
    ordering_fields = ["submitted_at"]
    ordering = ["submitted_at"]

    def get_queryset(self):
        cohort = None
        if code := self.request.query_params.get("cohort"):
            cohort = get_object_or_404(_my_cohorts(self.request), code=code)
        return review_queue(trainer=self.request.user, cohort=cohort)


class ReviewRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    feedback = StrictCharField(required=False, allow_blank=True, max_length=5000)


class ReviewDetailView(APIView):
    permission_classes = [ManagesACohort]

    def _submission(self, request, public_id):
        submission = get_object_or_404(EvidenceSubmission, public_id=public_id)
        if not may_review(request.user, submission):
            raise NotFound()
        return submission

    @extend_schema(responses={200: EvidenceSerializer})
    def get(self, request, public_id):
        return Response(EvidenceSerializer(self._submission(request, public_id)).data)

    @extend_schema(request=ReviewRequestSerializer, responses={200: EvidenceSerializer})
    def post(self, request, public_id):
        """Approve, or ask for changes with feedback."""
        submission = self._submission(request, public_id)
        data = ReviewRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence_review(
            submission=submission, reviewer=request.user, **data.validated_data
        )
        submission.refresh_from_db()
        return Response(EvidenceSerializer(submission).data)
