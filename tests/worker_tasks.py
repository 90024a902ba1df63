"""A task for the crash tests: its first run hangs until the worker is killed.

Workers import it by path (``tests.worker_tasks``) like any task module.
"""

import time
from pathlib import Path

from django_tasks import task

from certificates.services import certificate_render


@task(queue_name="certificates")
def render_after_a_hang(certificate_id: int, marker: str) -> None:
    """First run: leave a marker and hang (the test kills the worker). Later
    runs: render the certificate through the real service."""
    path = Path(marker)
    if not path.exists():
        path.write_text("started")
        for _ in range(3000):  # about five minutes; the test kills us long before
            time.sleep(0.1)
    certificate_render(certificate_id=certificate_id)
