"""Benchmark: certificates.

1. Median render + seal + store of one certificate, against a bare WeasyPrint
   render of the same HTML in the same run (ratio).
2. Bulk issuance of N certificates (``--issue``, default 1,000): ``--render``
   (default 200) rendered by 1 and then 200 by 2 RQ workers (``manage.py
   rqworker --burst``) sharing the Redis queue (throughput ratio), the rest by
   2 workers (time until every PDF exists). Needs DATABASE_URL to point at
   PostgreSQL; skipped otherwise.
3. Verification page requests per second under gunicorn, loaded by wrk on
   127.0.0.1, against the bare health-check view served the same way (ratio),
   and SQL queries per verification.

    python bench/certificates.py                      # parts 1 and 3 (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        python bench/certificates.py --issue 1000     # all three parts
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

if os.environ.get("DATABASE_URL", "").startswith("postgres"):  # part 2 uses RQ
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    os.environ.setdefault("ACADEMY_TASKS_BACKEND", "rq")
os.environ.setdefault("ACADEMY_VERIFY_RATE_PER_MINUTE", "100000000")

from _common import (  # noqa: E402
    common_arguments,
    connection,
    database_url,
    measure,
    port,
    seed_cohort,
    setup_database,
)
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from academy.gunicorn_server import gunicorn_server  # noqa: E402
from academy.worker_process import start_worker  # noqa: E402
from certificates.models import Certificate  # noqa: E402
from certificates.rendering import html_to_pdf, render_html  # noqa: E402
from certificates.selectors import certificate_document  # noqa: E402
from certificates.services import certificate_issue, certificate_render  # noqa: E402

REPEAT = 9


def seed(index, learners: int):
    course, _cohort, trainer, users = seed_cohort(index, learners)
    return course, trainer, users


def part_render(course, trainer, learner):
    certificate = certificate_issue(
        learner=learner, course=course, by=trainer, reason="bench"
    )
    document = certificate_document(certificate=certificate)
    html = render_html(document)
    html_to_pdf(html)  # warm fonts

    bare, full = [], []
    for _ in range(REPEAT):
        start = time.perf_counter()
        html_to_pdf(html)
        bare.append(time.perf_counter() - start)
        Certificate.objects.filter(pk=certificate.pk).update(pdf_sha256="", pdf="")
        start = time.perf_counter()
        certificate_render(certificate_id=certificate.pk)
        full.append(time.perf_counter() - start)
    return statistics.median(bare), statistics.median(full)


def _drain(workers: int, env) -> float:
    start = time.perf_counter()
    processes = [
        start_worker(env, name=f"bench-{workers}-{n}", burst=True)
        for n in range(workers)
    ]
    for process in processes:
        process.wait()
    return time.perf_counter() - start


def part_bulk(course, trainer, users, *, issue: int, render: int, rest: bool):
    """Issue ``issue`` certificates: ``render`` of them rendered by 1 worker,
    ``render`` by 2 (throughput), then the rest by 2 workers (time until every
    PDF exists)."""
    if connection.vendor != "postgresql":
        return None
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
    }
    results = {}
    batches = {
        1: users[:render],
        2: users[render : 2 * render],
        "rest": users[2 * render : issue],
    }
    for workers, batch in batches.items():
        start = time.perf_counter()
        for learner in batch:
            certificate_issue(
                learner=learner, course=course, by=trainer, reason="bench"
            )
        issued = time.perf_counter() - start
        if workers == "rest" and not rest:
            import django_rq

            django_rq.get_connection("default").flushdb()  # issued, not rendered
            results[workers] = (issued, 0.0, 0, len(batch))
            continue
        elapsed = _drain(2 if workers == "rest" else workers, env)
        rendered = (
            Certificate.objects.filter(learner__in=batch).exclude(pdf_sha256="").count()
        )
        results[workers] = (issued, elapsed, rendered, len(batch))
    return results


def _wrk(url: str, seconds: int = 8) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def part_verify(code: str):
    if not shutil.which("wrk"):
        return None
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
    }
    with gunicorn_server(env, port=port(0)) as base:
        _wrk(f"{base}/healthz/", 2)  # warm up both workers
        healthz = _wrk(f"{base}/healthz/")
        verify_rps = _wrk(f"{base}/verify/{code}/")
    return healthz, verify_rps


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument(
        "--issue", type=int, default=1000, help="certificates issued in part 2"
    )
    parser.add_argument(
        "--render",
        type=int,
        default=200,
        help="of which rendered by 1 worker, then by 2, for the throughput ratio",
    )
    parser.add_argument(
        "--no-render-rest",
        action="store_true",
        help="issue the rest but do not render it (a quicker run)",
    )
    args = parser.parse_args()
    if os.environ.get("ACADEMY_TASKS_BACKEND") == "rq":
        import django_rq

        django_rq.get_connection("default").flushdb()  # a scratch queue
    index = setup_database()
    if args.issue < 2 * args.render:
        parser.error("--issue must be at least twice --render")
    course, trainer, users = seed(index, args.issue + 1)
    print(f"seeded {len(users)} learners", file=sys.stderr)

    bare, full = part_render(course, trainer, users[-1])
    certificate = Certificate.objects.get(learner=users[-1])

    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/verify/{certificate.code}/").status_code == 200
    verify_queries = len(queries)
    _q, verify_ms = measure(
        lambda _: client.get(f"/verify/{certificate.code}/"), repeat=REPEAT
    )

    bulk = part_bulk(
        course,
        trainer,
        users,
        issue=args.issue,
        render=args.render,
        rest=not args.no_render_rest,
    )
    served = part_verify(certificate.code)

    lines = [
        f"\nCertificates, {connection.vendor}",
        f"1. render+seal+store (median of {REPEAT}): {full * 1000:.0f} ms; "
        f"bare WeasyPrint render of the same HTML: {bare * 1000:.0f} ms; "
        f"ratio {full / bare:.2f}",
    ]
    if bulk:
        (i1, e1, r1, n1), (i2, e2, r2, n2) = bulk[1], bulk[2]
        i3, e3, r3, n3 = bulk["rest"]
        t1, t2 = r1 / e1, r2 / e2
        issued = n1 + n2 + n3
        entries = (
            Certificate.objects.values("status_list", "status_index").distinct().count()
        )
        lines += [
            f"2. bulk issuance of {issued} certificates "
            f"({Certificate.objects.count()} in the database, "
            f"{entries} distinct status entries): issuing (enqueue) "
            f"{(i1 + i2 + i3) / issued * 1000:.0f} ms each;",
            f"   rendering {n1} with 1 worker {e1:.1f} s ({t1:.2f}/s, {r1} PDFs), "
            f"{n2} with 2 workers {e2:.1f} s ({t2:.2f}/s, {r2} PDFs);",
            f"   throughput ratio 2/1 workers {t2 / t1:.2f};",
            (
                f"   the other {n3} with 2 workers: every PDF after {e3:.0f} s "
                f"({r3} PDFs)"
                if r3
                else f"   the other {n3}: issued, not rendered (--no-render-rest)"
            ),
        ]
    else:
        lines.append("2. bulk issuance: skipped (needs PostgreSQL: set DATABASE_URL)")
    lines.append(
        f"3. verify page in-process: {verify_queries} SQL queries, "
        f"{verify_ms * 1000:.1f} ms"
    )
    if served:
        healthz, verify_rps = served
        lines.append(
            f"   under gunicorn (2 workers), wrk -t2 -c16: verify {verify_rps:.0f} "
            f"req/s, bare /healthz/ {healthz:.0f} req/s, "
            f"ratio {verify_rps / healthz:.2f}"
        )
    else:
        lines.append("   gunicorn + wrk: skipped (install wrk)")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
