"""Background tasks: thin wrappers that load by id and call a service."""

from django_tasks import task


@task()
def render_certificate(certificate_id: int) -> None:
    from certificates.services import certificate_render

    certificate_render(certificate_id=certificate_id)


@task()
def issue_cohort_certificates(cohort_id: int, user_id: int, job_id: str) -> None:
    """Issue every eligible learner's certificate, reporting progress to the cache."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from certificates.services import cohort_issue_eligible, job_key
    from courses.models import Cohort

    cohort = Cohort.objects.select_related("course").get(pk=cohort_id)
    trainer = get_user_model().objects.get(pk=user_id)
    key = job_key(job_id)

    def report(done, total):
        cache.set(key, {"done": done, "total": total, "summary": None}, timeout=3600)

    summary = cohort_issue_eligible(cohort=cohort, by=trainer, report=report)
    state = cache.get(key) or {"done": 0, "total": 0}
    cache.set(key, {**state, "summary": summary}, timeout=3600)
