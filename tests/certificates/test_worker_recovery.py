"""Background work survives a worker killed mid-task (RQ on Redis, PostgreSQL).

Real worker processes (``manage.py rqworker``) share the queue with the test;
one is killed with SIGKILL while it renders a certificate, and another picks
the abandoned job up and finishes it.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.conf import settings
from django.db import connection

from academy.worker_process import start_worker
from certificates.models import Certificate, CertificateEvent
from certificates.services import certificate_issue

REDIS_TEST_URL = os.environ.get("ACADEMY_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _worker_env() -> dict:
    s = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
        "DATABASE_URL": (
            f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
            f"/{s['NAME']}"
        ),
        "REDIS_URL": REDIS_TEST_URL,
        "ACADEMY_TASKS_BACKEND": "rq",
        "ACADEMY_TASKS_RETRY_DELAYS": "0,0,0",
        "ACADEMY_TASKS_MAINTENANCE_SECONDS": "2",
        "ACADEMY_TASKS_HEARTBEAT_SECONDS": "1",
    }


def _wait_for(condition, what: str, attempts: int = 1800):
    """Poll every 0.1 s; fail (never hang) if it does not happen in ~3 minutes."""
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"gave up waiting for {what}")


@pytest.fixture
def queue():
    try:
        client = redis.Redis.from_url(REDIS_TEST_URL)
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is required for the worker tests ({REDIS_TEST_URL}).")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.mark.pdf
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_render_loses_nothing(
    queue, course_tree, learner, trainer, enrolled, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("worker tests run on PostgreSQL (set DATABASE_URL)")
    certificate = certificate_issue(
        learner=learner, course=course_tree["course"], by=trainer, reason="test"
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf="", pdf_sha256="", open_badge=None, rendered_at=None
    )
    CertificateEvent.objects.filter(kind=CertificateEvent.Kind.RENDERED).delete()
    marker = tmp_path / "started"
    first = start_worker(_worker_env(), name="first")
    second = None
    try:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup();"
                "from tests.worker_tasks import render_after_a_hang;"
                f"render_after_a_hang.enqueue({certificate.pk}, {str(marker)!r})",
            ],
            cwd=settings.BASE_DIR,
            env=_worker_env(),
            check=True,
        )
        _wait_for(marker.exists, "the first worker to start the job")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        second = start_worker(_worker_env(), name="second")

        def rendered():
            certificate.refresh_from_db()
            return bool(certificate.pdf_sha256 and certificate.open_badge)

        _wait_for(rendered, "another worker to finish the abandoned job")
    finally:
        for process in (first, second):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert certificate.pdf_sha256 and certificate.open_badge
    assert (
        CertificateEvent.objects.filter(
            certificate=certificate, kind=CertificateEvent.Kind.RENDERED
        ).count()
        == 1
    )
