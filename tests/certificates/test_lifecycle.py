"""Who issued and why, what the learner is told, and the reconciliation job."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus

from accounts.models import Notification
from certificates.models import Certificate, CertificateEvent
from certificates.services import (
    certificate_reissue,
    certificate_revoke,
    certificates_reconcile,
    cohort_issue_eligible,
    job_key,
)
from certificates.tasks import issue_cohort_certificates
from courses.models import CourseCompletion

pytestmark = pytest.mark.django_db


def test_cohort_issue_records_the_trainer(
    complete_course, course_tree, cohort, trainer, learner
):
    course = course_tree["course"]
    course.certificate_auto_issue = False
    course.save()
    with pytest.raises(Certificate.DoesNotExist):  # trainers issue on this course
        complete_course()
    assert not Certificate.objects.exists()
    summary = cohort_issue_eligible(cohort=cohort, by=trainer)
    assert summary["issued"] == 1, summary
    certificate = Certificate.objects.get(learner=learner)
    assert certificate.issued_by == trainer
    event = certificate.events.get(kind=CertificateEvent.Kind.COHORT_ISSUED)
    assert event.actor == trainer


def test_learner_is_emailed_on_issue_revoke_and_reissue(
    complete_course, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    def about_certificates():
        return [m for m in mailoutbox if "certificate" in m.subject]

    certificate = complete_course()
    [issued] = about_certificates()
    assert "has been issued" in issued.subject
    assert certificate.display_code in issued.body
    assert f"/verify/{certificate.code}/" in issued.body
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(
            certificate=certificate,
            by=trainer,
            reason="The trainer's sheet & <b>signature</b> were forged",
        )
    revoked = about_certificates()[1]
    assert "has been revoked" in revoked.subject
    # A plain-text e-mail: the reason as written, never HTML-escaped.
    assert "The trainer's sheet & <b>signature</b> were forged" in revoked.body
    with django_capture_on_commit_callbacks(execute=True):
        replacement = certificate_reissue(certificate=certificate, by=trainer)
    *_, reissued = about_certificates()
    assert "has been re-issued" in reissued.subject
    assert replacement.display_code in reissued.body
    assert len(about_certificates()) == 3
    # Each is also on the learner's notifications page, once.
    assert sorted(
        Notification.objects.filter(user=certificate.learner)
        .exclude(kind=Notification.Kind.REVIEW)
        .values_list("kind", flat=True)
    ) == [
        Notification.Kind.CERTIFICATE_ISSUED,
        Notification.Kind.CERTIFICATE_REISSUED,
        Notification.Kind.CERTIFICATE_REVOKED,
    ]


def test_reconciliation_issues_what_is_due(
    complete_course, course_tree, learner, enrolled, django_capture_on_commit_callbacks
):
    """The rule was met but the certificate never came (the process died
    between the completion and the issue): the job issues it, once."""
    certificate = complete_course()
    certificate.delete()
    assert CourseCompletion.objects.filter(learner=learner).exists()
    with django_capture_on_commit_callbacks(execute=True):
        summary = certificates_reconcile()
    assert summary["issued"] == 1
    certificate = Certificate.objects.get(learner=learner)
    assert certificate.pdf_sha256 and certificate.open_badge
    assert certificates_reconcile() == {"issued": 0, "rendered": 0}


def test_reconciliation_never_undoes_a_revocation(complete_course, trainer):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Wrong person")
    assert certificates_reconcile()["issued"] == 0
    assert Certificate.objects.count() == 1


def test_reconciliation_renders_what_lacks_a_pdf_or_badge(complete_course, capsys):
    certificate = complete_course()
    Certificate.objects.filter(pk=certificate.pk).update(open_badge=None)
    call_command("reconcile_certificates")
    assert "0 certificate(s) issued, 1 queued for rendering" in capsys.readouterr().out
    certificate.refresh_from_db()
    assert certificate.open_badge
    # the PDF was intact, so it was not rendered again
    assert certificate.events.filter(kind=CertificateEvent.Kind.RENDERED).count() == 1


def test_reconciliation_skips_courses_trainers_issue(
    complete_course, course_tree, learner
):
    course = course_tree["course"]
    course.certificate_auto_issue = False
    course.save()
    with pytest.raises(Certificate.DoesNotExist):  # trainers issue on this course
        complete_course()
    assert certificates_reconcile()["issued"] == 0
    assert not Certificate.objects.filter(learner=learner).exists()


def test_cohort_job_page_says_when_issuing_gave_up(
    client, cohort, trainer, monkeypatch
):
    """With an engine that keeps results, a job that failed every retry is
    reported, instead of a page that waits for ever."""

    def failed_result(self, result_id):
        return SimpleNamespace(
            status=TaskResultStatus.FAILED,
            task=SimpleNamespace(func=issue_cohort_certificates.func),
        )

    monkeypatch.setattr(ImmediateBackend, "supports_get_result", True)
    monkeypatch.setattr(ImmediateBackend, "get_result", failed_result)
    cache.set(
        job_key("j1"),
        {"cohort_id": cohort.pk, "done": 3, "total": 10, "summary": None},
    )
    cache.set(f"{job_key('j1')}:task", "task-1")
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/certificates/jobs/j1/")
    content = page.content.decode()
    assert "Issuing stopped because of an error." in content
    assert 'http-equiv="refresh"' not in content
