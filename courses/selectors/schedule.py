"""Which sessions a learner's dashboard and calendar feed, a cohort's calendar
file and an "add to calendar" link show; each with its cohort and course, so
``counts_toward_certificate`` costs no query."""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from courses.choices import EnrolmentStatus
from courses.models import CohortSession

# How far back a learner's calendar feed goes (calendar apps drop events that
# leave a feed; a month keeps last weeks' sessions in view).
FEED_HISTORY = datetime.timedelta(days=31)


def learner_sessions(*, learner):
    """The sessions of the cohorts ``learner`` is enrolled in (a QuerySet)."""
    return CohortSession.objects.filter(
        cohort__enrolments__learner=learner,
        cohort__enrolments__status=EnrolmentStatus.ACTIVE,
    ).select_related("cohort__course")


def upcoming_sessions(*, learner, limit: int | None = None) -> list[CohortSession]:
    """The learner's sessions that have not finished, soonest first: 1 query."""
    sessions = learner_sessions(learner=learner).upcoming().order_by("starts_at", "pk")
    return list(sessions[:limit] if limit else sessions)


def learner_feed_sessions(*, learner) -> list[CohortSession]:
    """Everything in the learner's calendar feed: the sessions of their cohorts
    from a month ago on."""
    since = timezone.now() - FEED_HISTORY
    return list(
        learner_sessions(learner=learner)
        .filter(starts_at__gte=since)
        .order_by("starts_at", "pk")
    )


def cohort_sessions(*, cohort) -> list[CohortSession]:
    """Every session of a cohort, in order (the trainer's page and calendar file)."""
    return list(
        CohortSession.objects.filter(cohort=cohort)
        .select_related("cohort__course")
        .order_by("starts_at", "pk")
    )


def session_by_uid(*, uid) -> CohortSession | None:
    return (
        CohortSession.objects.filter(uid=uid).select_related("cohort__course").first()
    )


def courses_upcoming_sessions(*, courses) -> dict:
    """Sessions still to come of the cohorts (not ended) of each course in any
    language version, by the course's translation key: 1 query."""
    today = timezone.localdate()
    sessions = defaultdict(list)
    for session in (
        CohortSession.objects.upcoming()
        .filter(
            cohort__course__translation_key__in={c.translation_key for c in courses}
        )
        .filter(Q(cohort__ends_on__isnull=True) | Q(cohort__ends_on__gte=today))
        .select_related("cohort__course")
        .order_by("starts_at", "pk")
    ):
        sessions[session.cohort.course.translation_key].append(session)
    return sessions
