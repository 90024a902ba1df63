"""Periodic jobs, run by ``manage.py rqcron academy.cron`` (RQ's cron scheduler).

Run one scheduler process per academy; it only enqueues, and the work runs on
the workers with the same retries and crash recovery as any other task (a
second scheduler would only run the idempotent jobs twice as often).
"""

from rq import cron

from certificates.tasks import reconcile_certificates, send_expiry_notices
from courses.tasks import send_session_reminders

# The scheduler enqueues the function's import path; the workers resolve it to
# the Django task of that name, and ``backend_name`` tells them which backend.
cron.register(
    reconcile_certificates.func,
    queue_name=reconcile_certificates.queue_name,
    interval=15 * 60,
    meta={"backend_name": "default"},
)

# Notifications (idempotent: each is made once per key, however often a job runs).
for job in (send_session_reminders, send_expiry_notices):
    cron.register(
        job.func,
        queue_name=job.queue_name,
        interval=60 * 60,
        meta={"backend_name": "default"},
    )
