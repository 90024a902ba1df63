"""Background tasks: thin wrappers that load by id and call a service."""

from django.contrib.auth import get_user_model
from django_tasks import task

from courses.choices import PreviewStatus
from courses.models import (
    Announcement,
    Cohort,
    CohortSession,
    Enrolment,
    EvidenceFile,
    EvidenceReview,
)
from courses.notifications import (
    announcement_send,
    enrolment_notification_send,
    invitation_send,
    request_decision_send,
    review_notification_send,
    session_changed_send,
    session_reminders_send,
    waitlist_promotion_send,
)


@task()
def send_invitation(user_id: int, cohort_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    cohort = Cohort.objects.filter(pk=cohort_id).select_related("course").first()
    if user and cohort:
        invitation_send(user=user, cohort=cohort)


@task()
def make_evidence_previews(submission_id: int) -> None:
    """The previews of a submission's photos and PDFs (CPU work kept out of
    the upload request); safe to run twice."""
    from courses.services import evidence_preview_make  # noqa: PLC0415 (cycle)

    for evidence_file in EvidenceFile.objects.filter(
        submission_id=submission_id, preview_status=PreviewStatus.PENDING
    ):
        evidence_preview_make(evidence_file=evidence_file)


@task()
def send_review_notification(review_id: int) -> None:
    review = (
        EvidenceReview.objects.filter(pk=review_id)
        .select_related("submission__learner", "submission__lesson")
        .first()
    )
    if review and review.submission.learner.is_active:
        review_notification_send(review=review)


@task()
def send_enrolment_notification(enrolment_id: int) -> None:
    enrolment = (
        Enrolment.objects.active()
        .filter(pk=enrolment_id, learner__is_active=True)
        .select_related("learner", "cohort__course")
        .first()
    )
    if enrolment:
        enrolment_notification_send(enrolment=enrolment)


@task()
def send_waitlist_promotion(enrolment_id: int) -> None:
    enrolment = (
        Enrolment.objects.active()
        .filter(pk=enrolment_id, learner__is_active=True)
        .select_related("learner", "cohort__course")
        .first()
    )
    if enrolment and enrolment.requested_at:
        waitlist_promotion_send(enrolment=enrolment)


@task()
def send_request_decision(enrolment_id: int) -> None:
    enrolment = (
        Enrolment.objects.filter(
            pk=enrolment_id, learner__is_active=True, decided_at__isnull=False
        )
        .select_related("learner", "cohort__course")
        .first()
    )
    if enrolment:
        request_decision_send(enrolment=enrolment)


@task()
def send_session_changed(session_id: int) -> None:
    session = (
        CohortSession.objects.filter(pk=session_id)
        .select_related("cohort__course")
        .first()
    )
    if session:
        session_changed_send(session=session)


@task()
def send_session_reminders() -> None:
    """Periodic (academy/cron.py): the day-before reminders."""
    session_reminders_send()


@task()
def send_announcement(announcement_id: int) -> None:
    announcement = (
        Announcement.objects.filter(pk=announcement_id)
        .select_related("cohort__course")
        .first()
    )
    if announcement:
        announcement_send(announcement=announcement)
