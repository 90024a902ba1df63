"""Reads about enrolment options (decision 0036): prerequisites, waiting lists
and requests to join, and what the course page offers a learner per cohort.

``courses`` never imports ``certificates``: whether a learner holds a valid
certificate of a required course is a query on the Certificate model found
through the app registry.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from courses.choices import QUEUED_STATUSES, EnrolmentStatus
from courses.models import Cohort, CoursePage, Enrolment


def valid_certificates(*, learner) -> QuerySet:
    """The learner's certificates that are valid today: not revoked, not
    withdrawn, not expired."""
    certificate = apps.get_model("certificates", "Certificate")
    today = timezone.localdate()
    return certificate.objects.filter(
        learner=learner,
        revoked_at__isnull=True,
        withdrawn_at__isnull=True,
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def required_courses(*, course: CoursePage) -> list[CoursePage]:
    """The courses whose certificate ``course`` requires, in the current
    language where translated, live ones only."""
    return [c.localized for c in course.required_courses.live().order_by("title")]


def missing_prerequisites(*, learner, course: CoursePage) -> list[CoursePage]:
    """The required courses of which the learner holds no valid certificate
    (of any language version). Everything is missing for someone signed out."""
    required = required_courses(course=course)
    if not required:
        return []
    if not learner.is_authenticated:
        return required
    held = set(
        valid_certificates(learner=learner).values_list(
            "course__translation_key", flat=True
        )
    )
    return [c for c in required if c.translation_key not in held]


def waitlist_position(*, enrolment: Enrolment) -> int | None:
    """1 for the first person waiting; None when not on the waiting list."""
    if enrolment.status != EnrolmentStatus.WAITING:
        return None
    ahead = (
        Enrolment.objects.filter(
            cohort_id=enrolment.cohort_id, status=EnrolmentStatus.WAITING
        )
        .filter(
            Q(requested_at__lt=enrolment.requested_at)
            | Q(requested_at=enrolment.requested_at, pk__lt=enrolment.pk)
        )
        .count()
    )
    return ahead + 1


def cohort_is_full(*, cohort: Cohort) -> bool:
    """No place for a newcomer: every place is taken, or people wait for one."""
    if cohort.enrolments.filter(status=EnrolmentStatus.WAITING).exists():
        return True
    if cohort.capacity is None:
        return False
    active = cohort.enrolments.filter(status=EnrolmentStatus.ACTIVE).count()
    return active >= cohort.capacity


def waiting_count(*, cohort: Cohort) -> int:
    return cohort.enrolments.filter(status=EnrolmentStatus.WAITING).count()


@dataclass
class CohortOption:
    """What the course page says about one cohort, and the button it offers:
    ``action`` is one of enrol, waitlist, ask, leave, cancel, sign_in or ''."""

    cohort: Cohort
    action: str = ""
    mine: Enrolment | None = None
    position: int | None = None
    missing: list = field(default_factory=list)


def cohort_options(*, cohorts: list[Cohort], learner, course: CoursePage) -> list:
    """For each cohort of the course page (``course_cohorts``, with
    ``places_left`` and ``waiting``): the learner's own place in its queue and
    what they can do. Prerequisites are checked once for the course."""
    missing = missing_prerequisites(learner=learner, course=course)
    mine = {}
    if learner.is_authenticated and cohorts:
        mine = {
            e.cohort_id: e
            for e in Enrolment.objects.filter(
                learner=learner, cohort__in=[c.pk for c in cohorts]
            ).exclude(status=EnrolmentStatus.WITHDRAWN)
        }
    options = []
    for cohort in cohorts:
        option = CohortOption(cohort=cohort, mine=mine.get(cohort.pk), missing=missing)
        if option.mine and option.mine.status == EnrolmentStatus.WAITING:
            option.action = "leave"
            option.position = waitlist_position(enrolment=option.mine)
        elif option.mine and option.mine.status == EnrolmentStatus.PENDING:
            option.action = "cancel"
        elif not cohort.is_open or (missing and learner.is_authenticated):
            option.action = ""
        elif not learner.is_authenticated:
            option.action = "sign_in"
        elif cohort.requires_approval:
            option.action = "ask"
        elif cohort.places_left == 0 or cohort.waiting:
            option.action = "waitlist"
        else:
            option.action = "enrol"
        options.append(option)
    return options


def learner_queues(*, learner) -> list[Enrolment]:
    """The learner's places on waiting lists (with ``position``), requests
    waiting for a trainer, and requests declined in the last 90 days."""
    recent = timezone.now() - datetime.timedelta(days=90)
    entries = list(
        Enrolment.objects.filter(learner=learner)
        .filter(
            Q(status__in=QUEUED_STATUSES)
            | Q(status=EnrolmentStatus.DECLINED, decided_at__gte=recent)
        )
        .select_related("cohort__course")
        .order_by("requested_at", "pk")
    )
    for entry in entries:
        entry.position = waitlist_position(enrolment=entry)
    return entries


def cohort_queues(*, cohort: Cohort) -> dict:
    """The cohort's waiting list (in order) and its requests to join, with the
    learners' names, for its trainers."""
    base = cohort.enrolments.select_related("learner__profile")
    return {
        "waitlist": list(base.waiting()),
        "requests": list(base.pending()),
    }


def queue_counts() -> dict:
    """Annotations for cohort lists: people waiting and requests pending."""
    return {
        "waiting": Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)
        ),
        "pending": Count(
            "enrolments", filter=Q(enrolments__status=EnrolmentStatus.PENDING)
        ),
    }
