"""Benchmark: the academy's pages under gunicorn against a bare Django app.

(Not ``http.py``: a script of that name in bench/ would hide the standard
library's ``http`` package from every benchmark.)

Seeds a scratch database (``--courses`` courses of 5 modules x 6 lessons, a
cohort with a learner who holds a rendered certificate), then serves, in the
same run and the same way (gunicorn, ``--workers`` sync workers, production
settings: DEBUG off, Redis cache, cached templates):

- ``bench/bare_app.py``: one view, no middleware, no database;
- the academy (``bench/http_settings.py``).

wrk (``-t2 -c16`` by default) loads each page for ``--seconds``; the bare app is
measured before and after the pages, and every page's requests per second is
given as a ratio to the mean of the two. Queries per request are counted in
process, on a first (cold) and a second (warm) request.

    python bench/http_load.py                                    # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        python bench/http_load.py --db academy_http_bench --port 8300

Targets (issue 13): verify page >= 0.5; JSON verify and badge >= 0.6; home,
catalogue, course and lesson pages (anonymous) >= 0.3; a signed-in learner's
lesson page and dashboard >= 0.1. Figures are printed, never asserted. Needs
wrk (Debian package ``wrk``) and Redis (``--redis``, a scratch database that is
flushed).
"""

import argparse
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from _common import (
    SCRATCH,
    common_arguments,
    connection,
    database_url,
    load_average,
    port,
    seed_cohort,
    seed_courses,
    setup_database,
)
from django.conf import settings
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.gunicorn_server import gunicorn_server
from academy.testing import served_get
from certificates import keys
from certificates.services import certificate_issue
from courses.models import Competency, CoursePage, LessonPage

TARGETS = {
    "verify page": 0.5,
    "verify JSON": 0.6,
    "Open Badge": 0.6,
    "home": 0.3,
    "catalogue": 0.3,
    "course page": 0.3,
    "lesson page": 0.3,
    "lesson, signed in": 0.1,
    "dashboard, signed in": 0.1,
}


def seed(courses: int):
    index = setup_database()
    course, _cohort, trainer, (learner,) = seed_cohort(index, 1)
    seed_courses(index, courses, list(Competency.objects.select_related("domain")))
    certificate = certificate_issue(
        learner=learner, course=course, by=trainer, reason="bench"
    )
    certificate.refresh_from_db()
    assert certificate.pdf_sha256, "the certificate was not rendered"
    lesson = LessonPage.objects.descendant_of(course).order_by("path")[2]
    # A signed-in browser's cookies: its session, and the CSRF cookie its first
    # page set (the forms of every later page carry its token).
    client = Client()
    client.force_login(learner)
    client.get("/learn/")
    session = {
        name: client.cookies[name].value
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    }
    other_course = CoursePage.objects.get(slug="course-2")
    return {
        "verify page": (f"/verify/{certificate.code}/", None),
        "verify JSON": (f"/api/v1/verify/{certificate.code}", None),
        "Open Badge": (f"/openbadges/credentials/{certificate.code}", None),
        "home": ("/", None),
        "catalogue": (index.url, None),
        "course page": (other_course.url, None),
        "lesson page": (lesson.url, None),
        "lesson, signed in": (lesson.url, session),
        "dashboard, signed in": ("/learn/", session),
    }


def count_queries(pages: dict) -> dict:
    """(cold, warm) SQL queries of each page, in process, through the WSGI
    application as gunicorn serves it (the verification cache in front of
    Django included)."""
    counts = {}
    for name, (url, session) in pages.items():
        cookies = {"cookie": cookie_header(session)} if session else None
        runs = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                status, _headers, _body = served_get(url, headers=cookies)
            assert status == 200, (name, url, status)
            runs.append(len(queries))
        counts[name] = tuple(runs)
    return counts


def server_env(keys_dir: Path, redis_url: str) -> dict:
    key_settings = keys.create_key_set(keys_dir, organisation="Bench Academy")
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "ACADEMY_SECRET_KEY": settings.SECRET_KEY,  # the sessions made in process
        "ACADEMY_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ACADEMY_SECURE_SSL_REDIRECT": "0",
        "ACADEMY_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ACADEMY_PRIVATE_MEDIA_ROOT": str(settings.ACADEMY_PRIVATE_MEDIA_ROOT),
        # The limiter runs (its cost is measured) but does not answer 429.
        "ACADEMY_VERIFY_RATE_PER_MINUTE": "1000000000",
        **{name: str(path) for name, path in key_settings.items()},
    }


def cookie_header(cookies: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def fetch(url: str, session: dict | None) -> tuple[int, str]:
    request = urllib.request.Request(url)  # noqa: S310 - a local URL
    if session:
        request.add_header("Cookie", cookie_header(session))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def wrk(url: str, session: dict | None, args) -> tuple[float, float, int]:
    """(requests per second, median latency in ms, non-2xx responses)."""
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
    ]
    if session:
        command += ["-H", f"Cookie: {cookie_header(session)}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    median_ms = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, median_ms, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/11",
        help="the served academy's cache (flushed first)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/http_load.py needs wrk: apt-get install wrk")

    import redis

    redis.Redis.from_url(args.redis).flushdb()
    started = time.perf_counter()
    pages = seed(args.courses)
    queries = count_queries(pages)
    print(f"seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    env = server_env(SCRATCH / "keys", args.redis)
    results, bare = {}, []
    with (
        gunicorn_server(
            {"PATH": env["PATH"]},
            port=port(0),
            workers=args.workers,
            app="bench.bare_app:application",
        ) as bare_base,
        gunicorn_server(env, port=port(1), workers=args.workers) as base,
    ):
        for name, (path, session) in pages.items():  # every page answers 200
            status, body = fetch(base + path, session)
            assert status == 200, (name, path, status, body[:500])
        warm_up = argparse.Namespace(**{**vars(args), "seconds": 1})
        wrk(bare_base + "/", None, warm_up)
        bare.append(wrk(bare_base + "/", None, args))
        for name, (path, session) in pages.items():
            wrk(base + path, session, warm_up)
            results[name] = wrk(base + path, session, args)
        bare.append(wrk(bare_base + "/", None, args))

    baseline = sum(rps for rps, _, _ in bare) / len(bare)
    print(
        f"\nHTTP, {connection.vendor}, gunicorn -w {args.workers} (sync), "
        f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s; "
        f"{load_average()} at the end"
    )
    print(
        f"bare Django: {bare[0][0]:.0f} and {bare[1][0]:.0f} requests/s "
        f"(before and after the pages; mean {baseline:.0f})"
    )
    header = (
        f"{'page':<22}{'queries':>9}{'req/s':>8}{'p50 ms':>8}"
        f"{'x bare':>8}{'target':>8}{'':>3}{'non-2xx':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, (rps, median_ms, errors) in results.items():
        cold, warm = queries[name]
        ratio = rps / baseline
        met = "ok" if ratio >= TARGETS[name] else "NO"
        print(
            f"{name:<22}{f'{cold}/{warm}':>9}{rps:>8.0f}{median_ms:>8.1f}"
            f"{ratio:>8.2f}{TARGETS[name]:>8.1f}{met:>3}{errors:>8}"
        )
    print("queries = SQL queries of a first / a second request, in process.")


if __name__ == "__main__":
    main()
