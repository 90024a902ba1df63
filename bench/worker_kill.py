"""Benchmark: background work survives workers killed at random (issue 11).

On PostgreSQL with RQ (``ACADEMY_TASKS_BACKEND=rq``) and two workers, a trainer
issues the certificates of a cohort of N eligible learners (default 120)
through the cohort issue page. While the queue works, a worker is SIGKILLed
(with its work horse) at random moments and restarted at once, at least K
times (default 20). Then the queue is left to drain, and the last line reads

    worker kill: K kills, L lost, D duplicate, S stuck, N rendered

lost = a valid certificate without its PDF or signed badge; duplicate = more
than one valid certificate per learner and course, or a PDF rendered twice;
stuck = a task that never finished (queued, started, scheduled or failed);
rendered = certificates with their PDF. The goal is 0 lost, 0 duplicate,
0 stuck.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        .venv/bin/python bench/worker_kill.py [--learners 120] [--kills 20]
"""

import argparse
import os
import random
import signal
import sys
import time

REDIS_URL = os.environ.get("ACADEMY_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ["REDIS_URL"] = REDIS_URL
os.environ["ACADEMY_TASKS_BACKEND"] = "rq"

from _common import (  # noqa: E402
    common_arguments,
    connection,
    seed_cohort,
    setup_database,
)
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from academy.worker_process import start_worker  # noqa: E402
from certificates.models import Certificate, CertificateEvent  # noqa: E402
from courses.models import LessonCompletion, QuizAttempt  # noqa: E402
from courses.selectors.progress import course_outlines  # noqa: E402


def seed(index, learners: int):
    """One course that trainers issue, and ``learners`` who met its rule."""
    course, cohort, trainer, users = seed_cohort(
        index, learners, modules=2, lessons=2, auto_issue=False
    )
    outline = course_outlines([course])[course.id]
    completions, attempts = [], []
    for user in users:
        for module in outline.modules:
            for lesson in module.lessons:
                completions.append(
                    LessonCompletion(
                        learner=user,
                        course=course,
                        module_id=module.id,
                        lesson_id=lesson.id,
                        source="marked",
                    )
                )
                attempts += [
                    QuizAttempt(
                        learner=user,
                        course=course,
                        module_id=module.id,
                        lesson_id=lesson.id,
                        block_id=quiz.block_id,
                        score=100,
                        pass_mark=quiz.pass_mark,
                        passed=True,
                    )
                    for quiz in lesson.quizzes
                ]
    LessonCompletion.objects.bulk_create(completions)
    QuizAttempt.objects.bulk_create(attempts)
    return cohort, trainer


def _worker_env() -> dict:
    s = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:"
        f"{s['PORT'] or 5432}/{s['NAME']}",
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
    }


def unfinished_tasks() -> int:
    """Jobs not finished: queued, started, scheduled, deferred or failed."""
    import django_rq
    from django.conf import settings

    total = 0
    for name in settings.TASK_QUEUES:
        queue = django_rq.get_queue(name)
        total += len(queue)
        for registry in (
            queue.started_job_registry,
            queue.scheduled_job_registry,
            queue.deferred_job_registry,
            queue.failed_job_registry,
        ):
            total += registry.count
    return total


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument("--learners", type=int, default=120)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--drain-minutes", type=int, default=15)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("worker kill needs PostgreSQL: set DATABASE_URL=postgres://...")
    import django_rq

    django_rq.get_connection("default").flushdb()
    index = setup_database()
    cohort, trainer = seed(index, args.learners)
    print(f"seeded {args.learners} eligible learners", file=sys.stderr)

    env = _worker_env()
    generation = 0

    def spawn(slot):
        nonlocal generation
        generation += 1
        return start_worker(env, name=f"bench-{slot}-{generation}")

    workers = [spawn(0), spawn(1)]
    client = Client()
    client.force_login(trainer)
    start = time.perf_counter()
    response = client.post(f"/trainer/cohorts/{cohort.code}/certificates/issue/")
    assert response.status_code == 302, response.status_code

    rng = random.Random(2026)  # noqa: S311 - moments to kill, not secrets
    kills = 0
    while kills < args.kills:
        time.sleep(rng.uniform(0.3, 2.0))
        slot = rng.randrange(len(workers))
        os.killpg(workers[slot].pid, signal.SIGKILL)
        workers[slot].wait()
        kills += 1
        workers[slot] = spawn(slot)
    killed_at = time.perf_counter() - start
    in_flight = Certificate.objects.filter(pdf_sha256="").count()
    print(
        f"{kills} kills in {killed_at:.0f} s; "
        f"{in_flight} certificates still without a PDF then; draining",
        file=sys.stderr,
    )

    deadline = time.monotonic() + args.drain_minutes * 60
    while time.monotonic() < deadline:
        rendered = Certificate.objects.exclude(pdf_sha256="").count()
        if unfinished_tasks() == 0 and rendered >= args.learners:
            break
        time.sleep(2)
    drained = time.perf_counter() - start
    for worker in workers:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    valid = Certificate.objects.filter(revoked_at__isnull=True)
    lost = (
        valid.filter(pdf_sha256="").count()
        + valid.filter(open_badge__isnull=True).count()
    )
    duplicate = (
        valid.values("learner", "course")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    ) + (
        CertificateEvent.objects.filter(kind=CertificateEvent.Kind.RENDERED)
        .values("certificate")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    stuck = unfinished_tasks()
    rendered = valid.exclude(pdf_sha256="").count()
    print(
        f"{valid.count()} certificates for {args.learners} learners; "
        f"all work done {drained:.0f} s after the trainer's click"
    )
    print(
        f"worker kill: {kills} kills, {lost} lost, {duplicate} duplicate, "
        f"{stuck} stuck, {rendered} rendered"
    )


if __name__ == "__main__":
    main()
