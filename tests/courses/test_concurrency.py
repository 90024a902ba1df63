"""Concurrent requests completing the last lesson: one record, one announcement.

Runs on PostgreSQL (CI runs the suite with DATABASE_URL); SQLite serialises
writers and its in-memory test database is not shared between threads.
"""

import threading

import pytest
from django.db import connection

from courses.models import CourseCompletion, LessonCompletion
from courses.services import lesson_complete, quiz_attempt_submit
from courses.signals import course_completed
from tests.conftest import CORRECT

THREADS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_threads_complete_the_last_lesson_once(course_tree, learner, enrolled):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")
    course = course_tree["course"]
    course.certificate_requires_evidence = False
    course.save()
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    quiz_attempt_submit(
        learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
    )
    last = course_tree["l3"]

    announced = []
    errors = []
    barrier = threading.Barrier(THREADS)

    def receiver(sender, completion, **kwargs):
        announced.append(completion.pk)

    def worker():
        try:
            barrier.wait()
            lesson_complete(learner=learner, lesson=last)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    course_completed.connect(receiver, weak=False)
    try:
        threads = [threading.Thread(target=worker) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        course_completed.disconnect(receiver)

    assert errors == []
    assert LessonCompletion.objects.filter(learner=learner, lesson=last).count() == 1
    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1
    assert len(announced) == 1
