"""Benchmark: the admin certificate register as the academy grows.

Seeds ``--base`` certificates (default 5,000) and then ten times as many, and
reports at both sizes the SQL queries and the median time of the register's
first page, a search by part of a printed name, and a filter by status, for a
superuser. On PostgreSQL it also prints the plan of the first page and of the
name search, to show the indexes in use (``certificate_issued_at``, the name's
trigram index).

    python bench/register.py                                # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        python bench/register.py --db academy_register_bench

Target (issue 13): queries flat; time nearly flat from 1x to 10x. Figures are
printed, never asserted.
"""

import argparse
import sys
import time

from _common import (
    baseline,
    common_arguments,
    connection,
    measure,
    print_sizes,
    seed_courses,
    setup_database,
)
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import Client

from certificates import codes
from certificates.models import Certificate
from courses.models import Competency, CoursePage

REPEAT = 9
NAMES = ["Ελένη Παππά", "Жанна Петрова", "Šarūnė Kazlauskienė", "Amina Haddad"]


def seed_certificates(course, target: int):
    User = get_user_model()
    have = Certificate.objects.count()
    batch = 5000
    for start in range(have, target, batch):
        numbers = range(start, min(start + batch, target))
        users = User.objects.bulk_create(
            [
                User(username=f"r{n}", email=f"r{n}@example.org", password="!")  # noqa: S106 - unusable
                for n in numbers
            ]
        )
        Certificate.objects.bulk_create(
            [
                Certificate(
                    code=codes.new_code(),
                    learner=user,
                    course=course,
                    snapshot={"name": f"{NAMES[n % len(NAMES)]} {n}"},
                    language="en",
                    status_index=n,
                    revoked_at=None,
                )
                for n, user in zip(numbers, users, strict=True)
            ]
        )


def explain(queryset) -> str:
    with connection.cursor() as cursor:
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    return "\n".join("      " + line for line in plan[:8])


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument("--base", type=int, default=5000)
    args = parser.parse_args()
    index = setup_database()
    seed_courses(index, 1, list(Competency.objects.all()), modules=1, lessons=1)
    course = CoursePage.objects.get()
    admin = get_user_model().objects.create_superuser(
        "register-admin", "admin@example.org", "bench-password-1"
    )
    client = Client()
    client.force_login(admin)
    pages = {
        "first page": "/admin/certificates/",
        "search by name": "/admin/certificates/?q=Kazlausk",
        "filter: revoked": "/admin/certificates/?status=revoked",
    }
    results = {}
    for size in (args.base, args.base * 10):
        started = time.perf_counter()
        seed_certificates(course, size)
        # Some revoked, for the filter.
        Certificate.objects.filter(status_index__lt=size // 100).update(
            revoked_at="2026-01-01T00:00:00Z", revoked_reason="bench"
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE certificates_certificate")
        print(
            f"seeded {size} certificates in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        results[size] = {"baseline": baseline(client, REPEAT)}
        for name, url in pages.items():

            def call(_, url=url):
                assert client.get(url).status_code == 200, url

            results[size][name] = measure(call, repeat=REPEAT)

    small, large = args.base, args.base * 10
    print_sizes(
        f"Certificate register, {connection.vendor}, median of {REPEAT} requests",
        results,
        pages,
        small,
        large,
    )
    if connection.vendor == "postgresql":
        print("\n   plan, first page:")
        print(explain(Certificate.objects.order_by("-issued_at")[:20]))
        print("   plan, name search:")
        print(
            explain(
                Certificate.objects.filter(
                    Q(snapshot__name__icontains="Kazlausk")
                ).order_by("-issued_at")[:20]
            )
        )


if __name__ == "__main__":
    main()
