"""Start task workers as separate processes (crash tests, benchmarks)."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def start_worker(env: dict, *, name: str, burst: bool = False) -> subprocess.Popen:
    """``manage.py rqworker`` on every queue, in its own process group, so that
    ``os.killpg(process.pid, SIGKILL)`` kills the worker and its work horse
    together, as when a machine dies."""
    command = [sys.executable, "manage.py", "rqworker", *settings.TASK_QUEUES]
    command += ["--with-scheduler", "--name", name, "--verbosity", "0"]
    if burst:
        command.append("--burst")
    return subprocess.Popen(  # noqa: S603 - a fixed command line
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
