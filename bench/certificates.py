"""Benchmark: certificates.

1. Median render + seal + sign + store of one certificate, against a bare
   WeasyPrint render of the same HTML in the same run (ratio; target <= 1.3).
2. Bulk issuance of N certificates for one cohort (``--issue``, default 900):
   ``--render`` (default 200) rendered by 1 and then 200 by 2 RQ workers
   (``manage.py rqworker --burst``) sharing the Redis queue (throughput ratio;
   target >= 1.8), then the rest (500 by default: a trainer's cohort of 500) by
   2 workers: the time until every PDF exists. The workers' memory is sampled
   meanwhile. Needs DATABASE_URL to point at PostgreSQL; skipped otherwise.
3. One process rendering the same certificate ``--memory`` times (default
   1,000), with its resident memory after 1, 10, 100, ... renders (target:
   flat).

The verify page, the JSON answer and the badge under load are in
``bench/http_load.py``.

    python bench/certificates.py                      # parts 1 and 3 (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        python bench/certificates.py --db academy_certificates_bench
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

if os.environ.get("DATABASE_URL", "").startswith("postgres"):  # part 2 uses RQ
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
    os.environ.setdefault("ACADEMY_TASKS_BACKEND", "rq")
os.environ.setdefault("ACADEMY_VERIFY_RATE_PER_MINUTE", "100000000")

from _common import (  # noqa: E402
    common_arguments,
    connection,
    database_url,
    load_average,
    seed_cohort,
    setup_database,
)
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

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


def _rss_mib(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmRSS:\s+(\d+)", status)  # none once a process exits
    return int(found.group(1)) / 1024 if found else None


def _children(pid: int) -> list[int]:
    try:
        return [
            int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def _drain(workers: int, env) -> tuple[float, dict]:
    """Run ``workers`` burst workers until the queue is empty: (seconds, memory),
    memory being each worker's resident size at its first and last sample and
    the largest work horse (the fork that runs one job) seen in the first and
    the last fifth of the run, in MiB."""
    start = time.perf_counter()
    processes = [
        start_worker(env, name=f"bench-{workers}-{n}", burst=True)
        for n in range(workers)
    ]
    samples = []  # (seconds, [worker RSS], largest horse RSS)
    while any(process.poll() is None for process in processes):
        parents = [_rss_mib(process.pid) for process in processes]
        horses = [
            _rss_mib(child) for process in processes for child in _children(process.pid)
        ]
        samples.append(
            (
                time.perf_counter() - start,
                parents,
                max((h for h in horses if h), default=None),
            )
        )
        time.sleep(0.5)
    elapsed = time.perf_counter() - start
    memory = {}
    if samples:
        per_worker = zip(*(parents for _t, parents, _h in samples), strict=True)
        memory["workers"] = [
            (seen[0], seen[-1])
            for seen in ([size for size in sizes if size] for sizes in per_worker)
            if seen
        ]
        fifth = elapsed / 5
        early = [h for t, _p, h in samples if h and t <= fifth]
        late = [h for t, _p, h in samples if h and t >= elapsed - fifth]
        memory["horse"] = (max(early, default=0), max(late, default=0))
    return elapsed, memory


def _steady_rate(batch) -> float:
    """PDFs per second between the first and the last PDF of a batch: the
    workers' throughput once running, without the seconds each worker takes to
    start (Django, fonts), which the drain time includes."""
    times = sorted(
        Certificate.objects.filter(learner__in=batch)
        .exclude(rendered_at=None)
        .values_list("rendered_at", flat=True)
    )
    if len(times) < 2:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0]).total_seconds()


def part_memory(certificate, renders: int) -> list[tuple[int, float]]:
    """Resident size of this process after 1, 10, 100, ... ``renders`` renders
    of the same certificate (render, seal, sign the badge, store): the code a
    work horse runs, all in one process, so that a leak would show."""
    checkpoints = {1, 10, 100, 250, 500, 750, renders}
    sizes = []
    for n in range(1, renders + 1):
        Certificate.objects.filter(pk=certificate.pk).update(
            pdf_sha256="", pdf="", open_badge=None
        )
        certificate_render(certificate_id=certificate.pk)
        if n in checkpoints:
            sizes.append((n, _rss_mib(os.getpid())))
    return sizes


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
        started_at = timezone.now()
        elapsed, memory = _drain(2 if workers == "rest" else workers, env)
        last_pdf = (
            Certificate.objects.filter(learner__in=batch)
            .exclude(rendered_at=None)
            .aggregate(last=Max("rendered_at"))["last"]
        )
        results[f"last PDF {workers}"] = (
            (last_pdf - started_at).total_seconds() if last_pdf else 0.0
        )
        rendered = (
            Certificate.objects.filter(learner__in=batch).exclude(pdf_sha256="").count()
        )
        results[workers] = (issued, elapsed, rendered, len(batch))
        results[f"memory {workers}"] = memory
        results[f"steady {workers}"] = _steady_rate(batch)
    return results


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument(
        "--issue", type=int, default=900, help="certificates issued in part 2"
    )
    parser.add_argument(
        "--render",
        type=int,
        default=200,
        help="of which rendered by 1 worker, then by 2, for the throughput ratio",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=1000,
        help="renders of one certificate in this process, watching its memory",
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
    if connection.vendor == "postgresql":
        # Statistics and the visibility map made now, so that autovacuum does
        # not pick these fresh rows up in the middle of a measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    bare, full = part_render(course, trainer, users[-1])
    certificate = Certificate.objects.get(learner=users[-1])

    bulk = part_bulk(
        course,
        trainer,
        users,
        issue=args.issue,
        render=args.render,
        rest=not args.no_render_rest,
    )
    memory = part_memory(certificate, args.memory) if args.memory else []

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
            f"   throughput ratio 2/1 workers {t2 / t1:.2f} (from the start of "
            "the workers until their queues are empty: the PDFs, and the "
            "notifications each PDF enqueues behind them);",
            f"   steady throughput (first to last PDF) {bulk['steady 1']:.2f}/s "
            f"with 1 worker, {bulk['steady 2']:.2f}/s with 2: ratio "
            f"{bulk['steady 2'] / bulk['steady 1']:.2f};",
            (
                f"   the other {n3} with 2 workers: every PDF "
                f"{bulk['last PDF rest']:.0f} s after the workers started "
                f"({r3} PDFs; queues empty after {e3:.0f} s)"
                if r3
                else f"   the other {n3}: issued, not rendered (--no-render-rest)"
            ),
        ]
    else:
        lines.append("2. bulk issuance: skipped (needs PostgreSQL: set DATABASE_URL)")
    if bulk:
        lines.append("   worker memory (MiB, resident):")
        for batch in (1, 2, "rest"):
            found = bulk.get(f"memory {batch}") or {}
            workers = ", ".join(
                f"{a:.0f} -> {b:.0f}" for a, b in found.get("workers", [])
            )
            early, late = found.get("horse", (0, 0))
            lines.append(
                f"     batch {batch}: each worker first -> last sample {workers}; "
                f"largest work horse, first fifth {early:.0f}, last fifth {late:.0f}"
            )
    if memory:
        first = memory[0][1]
        lines.append(
            f"3. one process rendering the same certificate {memory[-1][0]} times, "
            "resident MiB after n renders: "
            + ", ".join(f"{n}: {size:.0f}" for n, size in memory)
            + f" (growth after the first: {memory[-1][1] - first:+.0f} MiB)"
        )
    lines.append(load_average())
    print("\n".join(lines))


if __name__ == "__main__":
    main()
