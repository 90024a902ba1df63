"""The production task engine: RQ on Redis behind the Django tasks API.

Code enqueues with ``some_task.enqueue(...)`` (``django_tasks``); with
``ACADEMY_TASKS_BACKEND=rq`` the ``django_tasks_rq`` backend hands the work to
RQ. RQ itself recovers work from a worker killed at any moment: a started job
whose worker stops sending heartbeats is found by any other worker's
maintenance pass and retried (``StartedJobRegistry.cleanup``). These two
classes only set the policy for that machinery (decision 0023):

- every job gets retries with back-off, so a failed or abandoned job runs again;
- workers look for abandoned jobs every ``ACADEMY_TASKS_MAINTENANCE_SECONDS``,
  busy or idle, instead of RQ's ten minutes, so a crash delays a certificate
  by a minute or two (RQ declares a job abandoned 60 s after its last
  heartbeat), not a quarter of an hour.
"""

from django.conf import settings
from django.utils.module_loading import import_string
from django_rq.queues import DjangoRQ
from rq import Retry
from rq.worker import Worker as RQWorker


class Queue(DjangoRQ):
    """RQ queue whose jobs are retried with back-off unless told otherwise."""

    def create_job(self, *args, retry: Retry | None = None, **kwargs):
        if retry is None:
            retry = Retry(
                max=len(settings.ACADEMY_TASKS_RETRY_DELAYS),
                interval=list(settings.ACADEMY_TASKS_RETRY_DELAYS),
            )
        return super().create_job(*args, retry=retry, **kwargs)


class Worker(RQWorker):
    """RQ worker that recovers abandoned jobs within about a minute.

    Each job runs in a fork of the worker (a "work horse"), so whatever the
    worker loads before it forks is shared by every job: the callables in
    ``ACADEMY_TASKS_WORKER_WARMUP`` run once at start (e.g. loading the PDF
    fonts, which would otherwise cost each certificate about a second).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "maintenance_interval", settings.ACADEMY_TASKS_MAINTENANCE_SECONDS
        )
        kwargs.setdefault(
            "job_monitoring_interval", settings.ACADEMY_TASKS_HEARTBEAT_SECONDS
        )
        super().__init__(*args, **kwargs)

    def bootstrap(self, *args, **kwargs):
        for path in settings.ACADEMY_TASKS_WORKER_WARMUP:
            import_string(path)()
        return super().bootstrap(*args, **kwargs)

    @property
    def dequeue_timeout(self) -> int:
        # An idle worker waits for work at most one maintenance interval, so it
        # also looks for abandoned jobs when the queue is quiet (RQ: ~7 minutes).
        return max(1, min(super().dequeue_timeout, self.maintenance_interval))
