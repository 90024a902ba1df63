"""Benchmark: public page rendering as the catalogue grows from 5 to 50 courses.

Seeds 5 and then 50 courses (5 modules x 6 lessons each) into a scratch
database and reports, for the catalogue, a course page, a domain page and a
lesson page, the SQL query count and the median render time at both sizes.
Times are also given as a ratio to a baseline measured in the same run (the
health-check view, which does one query), because absolute times on shared
machines are noisy.

    python bench/pages.py            # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench python bench/pages.py

Never run as a test; figures are printed, not asserted. Target: query counts
identical at 5 and 50 courses (no N+1), median render well under 100 ms.
"""

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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ["DJANGO_SETTINGS_MODULE"] = "academy.settings.test"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Site  # noqa: E402

from courses.models import (  # noqa: E402
    Competency,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
)

REPEAT = 15
MODULES, LESSONS = 5, 6


def lesson_body(competency_id):
    return [
        {
            "type": "text",
            "value": "<p>" + "Citizen science. " * 60 + "</p>",
            "id": str(uuid.uuid4()),
        },
        {
            "type": "callout",
            "id": str(uuid.uuid4()),
            "value": {"kind": "tip", "title": "Tip", "body": "<p>Stay safe.</p>"},
        },
        {
            "type": "activity",
            "id": str(uuid.uuid4()),
            "value": {
                "title": "Go outside",
                "kind": "fieldwork",
                "instructions": "<p>Measure.</p>",
                "evidence_kinds": ["photo"],
                "competencies": [
                    {"type": "item", "value": competency_id, "id": str(uuid.uuid4())}
                ],
            },
        },
    ]


def seed(index, count, competencies):
    """Add courses until the index has ``count``; pages are created live directly."""
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
            )
        )
        for m in range(MODULES):
            module = ModulePage(
                title=f"Module {m}", slug=f"module-{m}", introduction="<p>Intro</p>"
            )
            picked = [competencies[(n + m + k) % len(competencies)] for k in range(3)]
            module.module_competencies = [
                ModuleCompetency(competency=c) for c in picked
            ]
            course.add_child(instance=module)
            for lesson_number in range(LESSONS):
                module.add_child(
                    instance=LessonPage(
                        title=f"Lesson {lesson_number}",
                        slug=f"lesson-{lesson_number}",
                        body=lesson_body(picked[0].pk),
                    )
                )


def measure(client, url):
    client.get(url)  # warm caches (templates, site root)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    query_count = len(queries)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return query_count, statistics.median(times)


def main():
    # Keep one connection for the whole run, as a web worker with persistent
    # connections would, so that queries per request can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = home.add_child(instance=CourseIndexPage(title="Courses", slug="courses"))
    competencies = list(Competency.objects.select_related("domain"))
    client = Client()
    pages = {
        "catalogue": lambda: index.url,
        "catalogue, filtered": lambda: (
            index.url + "?domain=research-ethics&language=en"
        ),
        "course page": lambda: CoursePage.objects.get(slug="course-2").url,
        "domain page": lambda: index.url + "domains/research-methods/",
        "lesson page": lambda: (
            LessonPage.objects.descendant_of(CoursePage.objects.get(slug="course-2"))
            .order_by("path")[8]
            .url
        ),
    }
    results = {}
    for size in (5, 50):
        started = time.perf_counter()
        seed(index, size, competencies)
        print(
            f"seeded {size} courses ({size * MODULES * LESSONS} lessons) "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        base_queries, base_time = measure(client, "/healthz/")
        results[size] = {"baseline": (base_queries, base_time)}
        for name, url in pages.items():
            results[size][name] = measure(client, url())

    print(f"\nPage rendering, {connection.vendor}, median of {REPEAT} requests")
    header = (
        f"{'page':<22}{'queries@5':>10}{'queries@50':>11}"
        f"{'ms@5':>8}{'ms@50':>8}{'x base@5':>10}{'x base@50':>11}{'50/5':>7}"
    )
    print(header)
    print("-" * len(header))
    for name in ["baseline", *pages]:
        q5, t5 = results[5][name]
        q50, t50 = results[50][name]
        b5, b50 = results[5]["baseline"][1], results[50]["baseline"][1]
        print(
            f"{name:<22}{q5:>10}{q50:>11}{t5 * 1000:>8.1f}{t50 * 1000:>8.1f}"
            f"{t5 / b5:>10.1f}{t50 / b50:>11.1f}{t50 / t5:>7.2f}"
        )
    print("\nbaseline = /healthz/ (one query); 'x base' = page time / baseline time.")


if __name__ == "__main__":
    main()
