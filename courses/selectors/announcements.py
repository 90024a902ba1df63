"""Who an announcement is for, and which announcements a learner reads."""

from django.db.models import Q

from courses.models import Announcement, Enrolment


def announcement_audience(*, announcement):
    """The active enrolments (with their learners) the announcement reaches:
    its cohort's, or for a whole course every cohort's of every language
    version, one per learner."""
    cohort = announcement.cohort
    if announcement.whole_course:
        enrolments = Enrolment.objects.active_for(cohort.course)
    else:
        enrolments = cohort.enrolments.active()
    return enrolments.filter(learner__is_active=True).select_related("learner__profile")


def announcements_for(*, learner, limit: int = 5) -> list[Announcement]:
    """The latest announcements written to the learner's cohorts and courses."""
    enrolments = Enrolment.objects.active().filter(learner=learner)
    cohorts = enrolments.values("cohort_id")
    courses = enrolments.values("cohort__course__translation_key")
    return list(
        Announcement.objects.filter(
            Q(cohort__in=cohorts)
            | Q(whole_course=True, cohort__course__translation_key__in=courses)
        )
        .select_related("cohort__course", "author__profile")
        .order_by("-created_at", "-pk")[:limit]
    )
