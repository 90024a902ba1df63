"""Reads of the task queue for the admin's "Background jobs" page.

With ``ACADEMY_TASKS_BACKEND=rq`` the queue lives in Redis (decision 0023);
with the embedded immediate backend tasks run at once and nothing is queued.
"""

from dataclasses import dataclass
from datetime import datetime

import django_rq
from django.conf import settings
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

FAILED_JOBS_SHOWN = 50


@dataclass
class QueueCounts:
    name: str
    queued: int
    running: int
    scheduled: int
    failed: int


@dataclass
class FailedJob:
    id: str
    queue: str
    task: str
    failed_at: datetime | None
    error: str


def queue_enabled() -> bool:
    return bool(settings.RQ_QUEUES)


def _queues():
    return [django_rq.get_queue(name) for name in settings.TASK_QUEUES]


def queue_counts() -> list[QueueCounts]:
    return [
        QueueCounts(
            name=queue.name,
            queued=len(queue),
            running=queue.started_job_registry.count,
            scheduled=queue.scheduled_job_registry.count,
            failed=queue.failed_job_registry.count,
        )
        for queue in _queues()
    ]


def failed_jobs() -> list[FailedJob]:
    """The most recent failures of every queue, newest first, with the last
    line of their error (the whole traceback stays in Redis)."""
    jobs = []
    for queue in _queues():
        registry = queue.failed_job_registry
        ids = registry.get_job_ids(0, FAILED_JOBS_SHOWN - 1, desc=True)
        for job in Job.fetch_many(ids, connection=queue.connection):
            if job is None:
                continue
            result = job.latest_result()
            error = (result.exc_string or "") if result else ""
            lines = [line for line in error.strip().splitlines() if line.strip()]
            jobs.append(
                FailedJob(
                    id=job.id,
                    queue=queue.name,
                    task=job.func_name or "",
                    failed_at=job.ended_at,
                    error=lines[-1] if lines else "",
                )
            )
    jobs.sort(key=lambda j: j.failed_at.timestamp() if j.failed_at else 0, reverse=True)
    return jobs[:FAILED_JOBS_SHOWN]


def failed_job_retry(*, job_id: str) -> bool:
    """Put a failed job back in its queue; False if it is no longer failed."""
    for queue in _queues():
        registry = queue.failed_job_registry
        if job_id in registry.get_job_ids():
            try:
                registry.requeue(job_id)
            except (InvalidJobOperation, NoSuchJobError):
                return False
            return True
    return False
