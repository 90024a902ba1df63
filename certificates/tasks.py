"""Background tasks: thin wrappers that load by id and call a service.

Certificate work runs on its own queue, which workers take first, so PDFs never
wait behind Wagtail's reference-index updates or e-mails. Every task is safe to
run twice: the engine runs it again after a worker is killed mid-way.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_tasks import task

from certificates import services
from certificates.models import Certificate
from certificates.notifications import (
    certificate_notification_send,
    expiry_notices_send,
)
from courses.models import Cohort

CERTIFICATES_QUEUE = "certificates"


@task(queue_name=CERTIFICATES_QUEUE)
def render_certificate(certificate_id: int) -> None:
    services.certificate_render(certificate_id=certificate_id)


@task(queue_name=CERTIFICATES_QUEUE)
def issue_cohort_certificates(cohort_id: int, user_id: int, job_id: str) -> None:
    """Issue every eligible learner's certificate, reporting progress to the cache."""
    cohort = Cohort.objects.select_related("course").get(pk=cohort_id)
    trainer = get_user_model().objects.get(pk=user_id)
    key = services.job_key(job_id)

    def report(done, total):
        cache.set(
            key,
            {"cohort_id": cohort_id, "done": done, "total": total, "summary": None},
            timeout=3600,
        )

    summary = services.cohort_issue_eligible(cohort=cohort, by=trainer, report=report)
    state = cache.get(key) or {"cohort_id": cohort_id, "done": 0, "total": 0}
    cache.set(key, {**state, "summary": summary}, timeout=3600)


ZIP_JOB_SECONDS = 24 * 3600  # as long as the ZIP is kept (services.ZIP_KEEP)


@task(queue_name=CERTIFICATES_QUEUE)
def build_cohort_zip(cohort_id: int, user_id: int, job_id: str) -> None:
    """Store a ZIP of the cohort's certificate PDFs, reporting progress to the
    cache. Safe to run twice: the second run replaces the job's ZIP."""
    cohort = Cohort.objects.select_related("course").get(pk=cohort_id)
    user = get_user_model().objects.get(pk=user_id)
    key = services.zip_job_key(job_id)
    state = {"cohort_id": cohort_id, "done": 0, "total": None, "result": None}

    def report(done, total):
        cache.set(key, {**state, "done": done, "total": total}, timeout=ZIP_JOB_SECONDS)

    result = services.cohort_zip_build(
        cohort=cohort, by=user, job_id=job_id, report=report
    )
    progress = cache.get(key) or state
    cache.set(key, {**progress, "result": result}, timeout=ZIP_JOB_SECONDS)


@task(queue_name=CERTIFICATES_QUEUE)
def reconcile_certificates() -> None:
    """Periodic: issue what is due and render what lacks a PDF or badge."""
    services.certificates_reconcile()


@task()
def send_certificate_notification(certificate_id: int, kind: str) -> None:
    """E-mail the learner that their certificate was issued, revoked or replaced."""
    certificate = (
        Certificate.objects.filter(pk=certificate_id, learner__is_active=True)
        .select_related("learner", "course")
        .first()
    )
    if certificate:
        certificate_notification_send(certificate=certificate, kind=kind)


@task()
def send_expiry_notices() -> None:
    """Periodic (academy/cron.py): certificates expiring in 60 and 14 days."""
    expiry_notices_send()


@task(queue_name=CERTIFICATES_QUEUE)
def render_learner_record(learner_id: int, language: str, link_code: str = "") -> None:
    """Render and store the sealed PDF of a learner's record (decision 0042)."""
    services.record_pdf_render(
        learner_id=learner_id, language=language, link_code=link_code
    )
