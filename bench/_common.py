"""Shared set-up for the benchmarks: a scratch database and a request timer.

Importing this module configures Django (test settings, a scratch SQLite file
unless DATABASE_URL is set) and migrates it.
"""

import argparse
import atexit
import os
import statistics
import sys
import tempfile
import time
import uuid
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="academy-bench-"))


def common_arguments() -> argparse.ArgumentParser:
    """``--db`` and ``--port``, which every benchmark takes (as a parent parser),
    so that a benchmark can run beside a live server without touching its
    database or its port."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument(
        "--db",
        help="scratch database: a file path on SQLite, a database name on "
        "PostgreSQL (created and dropped; default test_<DATABASE_URL's name>)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="first local port for servers the benchmark starts (default: free ones)",
    )
    return parser


OPTIONS, _ = common_arguments().parse_known_args()
if OPTIONS.db and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(OPTIONS.db).resolve()}"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "academy.settings.test"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from courses.models import (  # noqa: E402
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)

# Keep one connection for the whole run, as a web worker with persistent
# connections would, so that queries per request can be counted.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)


def setup_database() -> CourseIndexPage:
    """A fresh, migrated database: a scratch SQLite file, or on another engine a
    throwaway ``test_<name>`` database (dropped at exit), as the test runner does."""
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    else:
        original = connection.settings_dict["NAME"]
        if OPTIONS.db:
            connection.settings_dict["TEST"]["NAME"] = OPTIONS.db
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        atexit.register(connection.creation.destroy_test_db, original, verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page.specific
    return home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))


def lesson_body(competency_id, *, quiz=False, activity=False):
    body = [
        {
            "type": "text",
            "value": "<p>" + "Citizen science. " * 60 + "</p>",
            "id": str(uuid.uuid4()),
        }
    ]
    if activity:
        body.append(
            {
                "type": "activity",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": "Go outside",
                    "kind": "fieldwork",
                    "instructions": "<p>Measure.</p>",
                    "evidence_kinds": ["photo", "text"],
                    "competencies": [
                        {
                            "type": "item",
                            "value": competency_id,
                            "id": str(uuid.uuid4()),
                        }
                    ],
                },
            }
        )
    if quiz:
        body.append(
            {
                "type": "quiz",
                "id": str(uuid.uuid4()),
                "value": {
                    "title": "Check",
                    "pass_mark": None,
                    "competencies": [
                        {
                            "type": "item",
                            "value": competency_id,
                            "id": str(uuid.uuid4()),
                        }
                    ],
                    "questions": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "question": "Q?",
                                "kind": "single",
                                "options": [
                                    {
                                        "type": "item",
                                        "id": str(uuid.uuid4()),
                                        "value": {"text": "A", "is_correct": True},
                                    },
                                    {
                                        "type": "item",
                                        "id": str(uuid.uuid4()),
                                        "value": {"text": "B", "is_correct": False},
                                    },
                                ],
                            },
                        }
                    ],
                },
            }
        )
    return body


def seed_courses(index, count, competencies, *, modules=5, lessons=6):
    """Add live courses until the index has ``count`` (no revisions, for speed)."""
    existing = CoursePage.objects.child_of(index).count()
    for n in range(existing, count):
        course = index.add_child(
            instance=CoursePage(
                title=f"Course {n}",
                slug=f"course-{n}",
                summary="A benchmark course.",
                research_project_name="Project",
                effort_hours=Decimal(12),
                language=["en", "fr", "lt"][n % 3],
                delivery_mode=["online", "in_person", "blended"][n % 3],
                certificate_requires_evidence=False,
            )
        )
        for m in range(modules):
            module = ModulePage(
                title=f"Module {m}", slug=f"module-{m}", introduction="<p>Intro</p>"
            )
            picked = [competencies[(n + m + k) % len(competencies)] for k in range(3)]
            module.module_competencies = [
                ModuleCompetency(competency=c) for c in picked
            ]
            course.add_child(instance=module)
            for number in range(lessons):
                module.add_child(
                    instance=LessonPage(
                        title=f"Lesson {number}",
                        slug=f"lesson-{number}",
                        body=lesson_body(
                            picked[0].pk,
                            quiz=number == lessons - 1,
                            activity=number == 2,
                        ),
                    )
                )


def seed_cohort(index, learners: int, *, modules=3, lessons=3, auto_issue=True):
    """One course with a trainer's cohort of ``learners`` (names in three
    scripts), for the certificate benchmarks; returns (course, cohort, trainer,
    learners)."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from accounts.models import Profile
    from courses.models import Cohort, Competency, Enrolment

    seed_courses(
        index, 1, list(Competency.objects.all()), modules=modules, lessons=lessons
    )
    course = CoursePage.objects.child_of(index).get()
    if not auto_issue:
        course.certificate_auto_issue = False
        course.save()
    User = get_user_model()
    trainer = User.objects.create_user("trainer", "t@example.org", "bench-password-1")
    cohort = Cohort.objects.create(
        course=course, name="Bench", starts_on=date(2026, 9, 1)
    )
    cohort.trainers.add(trainer)
    cohort.save()
    password = make_password("bench-password-1")
    users = User.objects.bulk_create(
        [
            User(username=f"l{n}", email=f"l{n}@example.org", password=password)
            for n in range(learners)
        ]
    )
    Profile.objects.bulk_create(
        [Profile(user=u, printed_name=f"Ελένη Жанна Šarūnė {u.pk}") for u in users]
    )
    Enrolment.objects.bulk_create([Enrolment(cohort=cohort, learner=u) for u in users])
    return course, cohort, trainer, users


def measure(call, *, repeat=15, warm=True):
    """(queries of one call, median seconds over ``repeat`` calls).

    ``call`` is a function of the iteration number; it must assert its own
    success (e.g. the status code).
    """
    if warm:
        call(-1)
    with CaptureQueriesContext(connection) as queries:
        call(0)
    query_count = len(queries)
    times = []
    for i in range(1, repeat + 1):
        start = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - start)
    return query_count, statistics.median(times)


def baseline(client, repeat=15):
    """The health-check view: one query, no templates. Times are given against it."""

    def call(_):
        assert client.get("/healthz/").status_code == 200

    return measure(call, repeat=repeat)


def database_url() -> str:
    """The URL of the database the benchmark set up, for processes it starts
    (servers, workers)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{s['USER']}@{host}:{port}/{s['NAME']}"


def port(offset: int) -> int | None:
    """The ``offset``-th port from ``--port``, or None for a free one."""
    return OPTIONS.port + offset if OPTIONS.port else None


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def print_sizes(title: str, results: dict, names, small: int, large: int) -> None:
    """A table of queries and median times of each request at two data sizes
    (``results[size][name] = (queries, seconds)``), with the ratio of the times."""
    width = max(len(name) for name in ["baseline", *names]) + 3
    print(f"\n{title}; {load_average()}")
    header = (
        f"{'page':<{width}}{f'queries@{small}':>15}{f'queries@{large}':>16}"
        f"{f'ms@{small}':>10}{f'ms@{large}':>11}{'10x/1x':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in ["baseline", *names]:
        q1, t1 = results[small][name]
        q10, t10 = results[large][name]
        print(
            f"{name:<{width}}{q1:>15}{q10:>16}{t1 * 1000:>10.1f}{t10 * 1000:>11.1f}"
            f"{t10 / t1:>8.2f}"
        )
    print("baseline = /healthz/ (one query).")
