"""Periodic jobs, run by ``manage.py rqcron academy.cron`` (RQ's cron scheduler).

Run one scheduler process per academy; it only enqueues, and the work runs on
the workers with the same retries and crash recovery as any other task (a
second scheduler would only run the idempotent jobs twice as often).
"""

from rq import cron

from certificates.tasks import reconcile_certificates

# The scheduler enqueues the function's import path; the workers resolve it to
# the Django task of that name, and ``backend_name`` tells them which backend.
cron.register(
    reconcile_certificates.func,
    queue_name=reconcile_certificates.queue_name,
    interval=15 * 60,
    meta={"backend_name": "default"},
)
