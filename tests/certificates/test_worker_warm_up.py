"""A task worker renders, seals and signs one certificate before it forks for
jobs, storing nothing, and never fails to start because of it."""

import pytest

from certificates.models import Certificate, CertificateEvent
from certificates.services import worker_warm_up

pytestmark = pytest.mark.django_db


@pytest.mark.pdf
def test_warm_up_stores_nothing_and_closes_the_connection(complete_course, monkeypatch):
    certificate = complete_course()
    before = (
        Certificate.objects.values("pdf", "pdf_sha256", "open_badge").get(),
        CertificateEvent.objects.count(),
    )
    sealed, closed = [], []
    monkeypatch.setattr(
        "certificates.services.connections.close_all", lambda: closed.append(True)
    )
    monkeypatch.setattr(
        "certificates.services.seal_pdf", lambda pdf, **kw: sealed.append(pdf) or pdf
    )

    worker_warm_up()

    assert sealed and sealed[0].startswith(b"%PDF")
    assert closed  # the jobs' forks share no database connection
    after = (
        Certificate.objects.values("pdf", "pdf_sha256", "open_badge").get(),
        CertificateEvent.objects.count(),
    )
    assert after == before
    assert certificate.pk


def test_warm_up_without_any_certificate_uses_the_sample(monkeypatch):
    rendered = []
    monkeypatch.setattr(
        "certificates.services.render_pdf",
        lambda document: rendered.append(document) or b"%PDF-1.7",
    )
    worker_warm_up()
    assert rendered[0].code_display  # the sample certificate


def test_a_failing_warm_up_does_not_stop_the_worker(monkeypatch, caplog):
    def broken(document):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("certificates.services.render_pdf", broken)
    worker_warm_up()
    assert "Worker warm-up failed" in caplog.text
