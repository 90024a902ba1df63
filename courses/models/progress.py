"""Cohorts, enrolment and everything a learner does: the progress records.

Completion of modules and courses is *derived* from these records by
``courses/selectors.py``; only the moment a course is first completed is
stored (``CourseCompletion``), so that it is announced exactly once.
"""

import datetime
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.choices import (
    ENROLLED_STATUSES,
    EnrolmentSource,
    EnrolmentStatus,
    EvidenceStatus,
    PreviewStatus,
    ReviewDecision,
)
from courses.uploads import is_photo

COHORT_DATES_ORDER = _("The end date cannot be before the start date.")
SESSION_TIMES_ORDER = _("A session must end after it starts.")
CAPACITY_MINIMUM = _(
    "Capacity is the number of places: at least 1, or empty for no limit."
)

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_cohort_code() -> str:
    """A short unguessable code for cohort URLs (about 60 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def private_storage():
    return storages["private"]


def evidence_upload_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{instance.public_id.hex[:2]}/{instance.public_id.hex}{suffix}"


def evidence_preview_path(instance, filename: str) -> str:
    hex_id = instance.public_id.hex
    return f"evidence/previews/{hex_id[:2]}/{hex_id}.jpg"


class CohortQuerySet(models.QuerySet):
    def managed_by(self, user):
        """The cohorts ``user`` may manage: every one for holders of
        ``courses.manage_all_cohorts``, otherwise those they train (decision 0026)."""
        from courses.permissions import manages_every_cohort  # noqa: PLC0415 (cycle)

        if manages_every_cohort(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(trainers=user)


class Cohort(ClusterableModel):
    """A run of a course: dates, a place or partner, capacity, trainers, learners."""

    code = models.CharField(
        _("code"), max_length=16, unique=True, default=new_cohort_code, editable=False
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    name = models.CharField(
        _("name"), max_length=150, help_text=_("e.g. Spring 2027, Vilnius")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "courses.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, CAPACITY_MINIMUM)],
        help_text=_("Leave empty for no limit."),
    )
    is_open = models.BooleanField(
        _("open for enrolment"),
        default=True,
        help_text=_("Learners can enrol themselves while the cohort is open."),
    )
    requires_approval = models.BooleanField(
        _("requires a trainer's approval"),
        default=False,
        help_text=_(
            "Learners ask to join, with a short message; a trainer of the cohort "
            "accepts or declines each request."
        ),
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_cohorts",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    panels = [
        FieldPanel("course"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldRowPanel([FieldPanel("location"), FieldPanel("partner")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("is_open")]),
        FieldPanel("requires_approval"),
        FieldPanel("trainers"),
        InlinePanel("sessions", heading=_("In-person sessions"), label=_("Session")),
    ]

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        # Who manages which cohort: courses/permissions.py.
        permissions = [("manage_all_cohorts", _("Can see and change every cohort"))]

    def __str__(self):
        return f"{self.name} ({self.course.title})"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": COHORT_DATES_ORDER})


class CohortSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Sessions that have not finished (a session without an end time lasts
        ``DEFAULT_LENGTH``), cancelled ones included: learners need to see those."""
        now = now or timezone.now()
        return self.filter(
            Q(ends_at__gte=now)
            | Q(ends_at__isnull=True, starts_at__gte=now - CohortSession.DEFAULT_LENGTH)
        )


class CohortSession(Orderable):
    """An in-person session of a cohort; trainers take attendance for it.

    Learners see it on the course page, their dashboard and in their calendar
    feed (``courses/calendar.py``): ``uid`` names it in every calendar for
    ever, and ``sequence`` goes up each time its time or place changes, so
    calendar apps replace the event instead of adding a second one.
    """

    cohort = ParentalKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(
        _("ends at"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a two-hour session."),
    )
    location = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("e.g. Central Library")
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Street, postcode and town, as a calendar app can find it."),
    )
    map_url = models.URLField(
        _("map link"),
        blank=True,
        help_text=_("Optional: a link to the place on a map."),
    )
    what_to_bring = models.TextField(
        _("what to bring"),
        blank=True,
        help_text=_("e.g. Waterproof boots, a charged phone, a notebook."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_(
            "A cancelled session stays in learners' calendars, marked cancelled, "
            "and does not count for attendance."
        ),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CohortSessionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("address")]),
                FieldPanel("map_url"),
                FieldPanel("what_to_bring"),
                FieldPanel("cancelled"),
            ]
        )
    ]

    # A change to any of these is a change learners' calendars must follow.
    SCHEDULE_FIELDS = frozenset(
        {"title", "starts_at", "ends_at", "location", "address", "cancelled"}
    )
    DEFAULT_LENGTH = datetime.timedelta(hours=2)

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        ordering = ["starts_at", "sort_order"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": SESSION_TIMES_ORDER})

    @property
    def has_started(self) -> bool:
        """Attendance can be taken, and counts, only from the start of a session."""
        return self.starts_at <= timezone.now()

    @property
    def finishes_at(self) -> datetime.datetime:
        return self.ends_at or self.starts_at + self.DEFAULT_LENGTH

    @property
    def counts_toward_certificate(self) -> bool:
        """Its attendance counts for the course's certificate rule (select the
        cohort's course with the session)."""
        return self.cohort.course.certificate_requires_attendance and not self.cancelled


class EnrolmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=EnrolmentStatus.ACTIVE)

    def ever_enrolled(self):
        """Enrolments that held a place at some point (active or withdrawn), not
        a place in a queue (decision 0036)."""
        return self.filter(status__in=ENROLLED_STATUSES)

    def waiting(self):
        """The waiting list, first come first served."""
        return self.filter(status=EnrolmentStatus.WAITING).order_by(
            "requested_at", "pk"
        )

    def pending(self):
        """Requests to join that wait for a trainer, oldest first."""
        return self.filter(status=EnrolmentStatus.PENDING).order_by(
            "requested_at", "pk"
        )

    def managed_by(self, user):
        """Enrolments in the cohorts ``user`` manages."""
        return self.filter(cohort__in=Cohort.objects.managed_by(user))

    def active_for(self, course):
        """Active enrolments in any language version of ``course``."""
        return self.filter(
            status=EnrolmentStatus.ACTIVE,
            cohort__course__translation_key=course.translation_key,
        )


class Enrolment(models.Model):
    """A learner's place in a cohort, or their place in its queue: on the
    waiting list or asking to join (``EnrolmentStatus``; decision 0036)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    source = models.CharField(
        max_length=12, choices=EnrolmentSource.choices, default=EnrolmentSource.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # When they joined the waiting list or asked to join: the queue's order.
    requested_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("message to the trainers"), blank=True)
    response = models.TextField(_("trainer's answer"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "learner"], name="unique_enrolment_per_cohort"
            )
        ]
        indexes = [
            models.Index(fields=["learner", "status"]),
            models.Index(fields=["cohort", "status", "requested_at"]),
        ]

    def __str__(self):
        return f"{self.learner} in {self.cohort}"


class ProgressRecord(models.Model):
    """Fields shared by records that a learner makes in a lesson of a course."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class LessonCompletion(ProgressRecord):
    class Source(models.TextChoices):
        MARKED = "marked", _("Marked as complete")
        QUIZ = "quiz", _("Passed the quiz")

    source = models.CharField(max_length=10, choices=Source.choices)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="unique_lesson_completion"
            )
        ]
        indexes = [models.Index(fields=["course", "learner"])]

    def __str__(self):
        return f"{self.learner} completed {self.lesson}"


class QuizAttempt(ProgressRecord):
    block_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quiz attempt")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["course", "learner"])]

    def __str__(self):
        return f"{self.learner}: {self.score}% on {self.lesson}"


class EvidenceSubmission(ProgressRecord):
    """Evidence for a practical activity: a written answer and/or files
    (``EvidenceFile``; at least one of the two, checked by ``evidence_submit``).
    Resubmitting creates a new row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity_block_id = models.CharField(max_length=64)
    text = models.TextField(_("your answer"), blank=True)
    status = models.CharField(
        max_length=20, choices=EvidenceStatus.choices, default=EvidenceStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence submission")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["course", "learner"]),
            models.Index(fields=["course", "status"]),
        ]

    def __str__(self):
        return f"Evidence by {self.learner} for {self.lesson}"


class EvidenceFile(models.Model):
    """One file of an evidence submission, in private storage, as the learner
    handed it in (photos without their metadata), with its preview: a small
    JPEG of a photo or of a PDF's first page, made after the upload by a
    task (``make_evidence_previews``) and served, like the file, only to the
    learner and the trainers of their cohort."""

    submission = models.ForeignKey(
        EvidenceSubmission, on_delete=models.CASCADE, related_name="files"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=evidence_upload_path
    )
    original_filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    preview = models.FileField(
        storage=private_storage, upload_to=evidence_preview_path, blank=True
    )
    preview_status = models.CharField(
        max_length=10, choices=PreviewStatus.choices, default=PreviewStatus.NONE
    )

    class Meta:
        verbose_name = _("evidence file")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"], name="unique_evidence_file_position"
            )
        ]

    def __str__(self):
        return self.original_filename

    @property
    def is_photo(self) -> bool:
        return is_photo(self.content_type)

    @property
    def shows_preview(self) -> bool:
        """A preview image can be shown: made already, or a photo (made small
        on request until its task has run)."""
        return self.preview_status == PreviewStatus.READY or (
            self.preview_status == PreviewStatus.PENDING and self.is_photo
        )

    @property
    def preview_pending(self) -> bool:
        """A preview is being made and nothing can stand in for it yet."""
        return self.preview_status == PreviewStatus.PENDING and not self.is_photo


class EvidenceReview(models.Model):
    submission = models.ForeignKey(
        EvidenceSubmission, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence review")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_decision_display()} by {self.reviewer}"


class Attendance(models.Model):
    session = models.ForeignKey(
        CohortSession, on_delete=models.CASCADE, related_name="attendance"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField(default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="unique_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.learner} at {self.session}: {self.present}"


class CourseCompletionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Completions in the cohorts ``user`` manages; every completion (those
        of no cohort too) for those who manage every cohort (decision 0026)."""
        from courses.permissions import manages_every_cohort  # noqa: PLC0415 (cycle)

        if manages_every_cohort(user):
            return self.all()
        return self.filter(cohort__in=Cohort.objects.managed_by(user))


class CourseCompletion(models.Model):
    """The first moment a learner met a course's certificate rule. Never duplicated."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    objects = CourseCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("course completion")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"], name="unique_course_completion"
            )
        ]

    def __str__(self):
        return f"{self.learner} completed {self.course}"
