"""One certificate per learner and course under concurrency (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.services import lesson_complete, quiz_attempt_submit
from tests.conftest import CORRECT

THREADS = 20


def run_threads(target):
    errors = []
    barrier = threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def nearly_done(course_tree, learner, enrolled):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")
    course = course_tree["course"]
    course.certificate_requires_evidence = False
    course.save()
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    quiz_attempt_submit(
        learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
    )
    return course_tree


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_completing_the_last_lesson_issue_one_certificate(
    nearly_done, learner
):
    errors = run_threads(
        lambda: lesson_complete(learner=learner, lesson=nearly_done["l3"])
    )
    assert errors == []
    certificates = Certificate.objects.filter(learner=learner)
    assert certificates.count() == 1
    assert certificates.get().pdf_sha256  # rendered once, after commit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_concurrent_issue_calls_make_one_certificate(
    nearly_done, learner, trainer
):
    course = nearly_done["course"]
    errors = run_threads(
        lambda: certificate_issue(
            learner=learner, course=course, by=trainer, reason="x"
        )
    )
    assert errors == []
    assert Certificate.objects.filter(learner=learner, course=course).count() == 1
