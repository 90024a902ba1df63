"""Courses' part in account lifecycle signals (see accounts/signals.py), and
what public pages show that no page publish announces (cohorts, the
competency framework, partners)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import collect_personal_data, erasure_requested
from cms.caching import site_content_changed
from common.cache import personal_content_changed
from courses.models import (
    Announcement,
    Attendance,
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CourseCompletion,
    Enrolment,
    EvidenceReview,
    EvidenceSubmission,
    LessonCompletion,
    PartnerOrganisation,
    QuizAttempt,
)
from courses.selectors.progress import learner_personal_data
from courses.services import learner_progress_erase


@receiver(collect_personal_data)
def export_progress(sender, user, **kwargs):
    return learner_personal_data(learner=user)


@receiver(erasure_requested)
def erase_progress(sender, user, **kwargs):
    learner_progress_erase(learner=user)


@receiver(post_save, sender=Cohort)
@receiver(post_delete, sender=Cohort)
@receiver(post_save, sender=CohortSession)
@receiver(post_delete, sender=CohortSession)
@receiver(post_save, sender=Announcement)
@receiver(post_delete, sender=Announcement)
@receiver(post_save, sender=CompetencyDomain)
@receiver(post_delete, sender=CompetencyDomain)
@receiver(post_save, sender=Competency)
@receiver(post_delete, sender=Competency)
@receiver(post_save, sender=PartnerOrganisation)
@receiver(post_delete, sender=PartnerOrganisation)
def rebuild_public_pages(sender, **kwargs):
    """Course pages list their open cohorts (dates, places, sessions) and
    partners; the catalogue and domain pages are organised by the competency
    framework; learners' pages show their cohorts' sessions and announcements."""
    site_content_changed()


@receiver(post_save, sender=Enrolment)
@receiver(post_delete, sender=Enrolment)
@receiver(post_save, sender=LessonCompletion)
@receiver(post_delete, sender=LessonCompletion)
@receiver(post_save, sender=QuizAttempt)
@receiver(post_delete, sender=QuizAttempt)
@receiver(post_save, sender=EvidenceSubmission)
@receiver(post_delete, sender=EvidenceSubmission)
@receiver(post_save, sender=Attendance)
@receiver(post_delete, sender=Attendance)
@receiver(post_save, sender=CourseCompletion)
@receiver(post_delete, sender=CourseCompletion)
def learner_records_changed(sender, instance, **kwargs):
    """What the learner's own pages show: enrolments, progress, attendance."""
    personal_content_changed(instance.learner_id)


@receiver(post_save, sender=EvidenceReview)
@receiver(post_delete, sender=EvidenceReview)
def evidence_reviewed(sender, instance, **kwargs):
    learner_id = (
        EvidenceSubmission.objects.filter(pk=instance.submission_id)
        .values_list("learner_id", flat=True)
        .first()
    )
    personal_content_changed(learner_id)
