"""Background tasks: thin wrappers that load by id and call a service."""

from django.contrib.auth import get_user_model
from django_tasks import task

from courses.models import Cohort, EvidenceReview
from courses.notifications import invitation_send, review_notification_send


@task()
def send_invitation(user_id: int, cohort_id: int) -> None:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    cohort = Cohort.objects.filter(pk=cohort_id).select_related("course").first()
    if user and cohort:
        invitation_send(user=user, cohort=cohort)


@task()
def send_review_notification(review_id: int) -> None:
    review = (
        EvidenceReview.objects.filter(pk=review_id)
        .select_related("submission__learner", "submission__lesson")
        .first()
    )
    if review and review.submission.learner.is_active:
        review_notification_send(review=review)
