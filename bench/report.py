"""Benchmark: the academy report in the admin as the academy grows.

Seeds ``--base`` learners (default 2,000) in cohorts of ten courses with five
partners, each with an enrolment, a completion and a certificate (some revoked,
some expired) over the last year, then ten times as many, and reports at both
sizes the SQL queries and the median time of the report per course, per
competency domain and per month, and of its CSV download, for an editor (the
whole academy) and a trainer (one cohort in ten).

    python bench/report.py                                  # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \\
        python bench/report.py --db academy_report_bench

Target (issue 17): queries flat from 1x to 10x. Time grows with the rows the
database counts (the report reads every record of the period once), far less
than tenfold; figures are printed, never asserted.
"""

import argparse
import sys
import time
from datetime import date, timedelta

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
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale

from certificates import codes
from certificates.models import Certificate
from cms.services import EDITORS, TRAINERS, academy_roles_setup
from courses.models import (
    Cohort,
    Competency,
    CourseCompletion,
    CoursePage,
    Enrolment,
    PartnerOrganisation,
)

REPEAT = 7
COURSES = 10
PARTNERS = 5
COHORTS_PER_COURSE = 2


def seed_cohorts(index, trainer):
    seed_courses(index, COURSES, list(Competency.objects.all()), modules=2, lessons=1)
    partners = PartnerOrganisation.objects.bulk_create(
        [
            PartnerOrganisation(name=f"Partner {n}", locale=Locale.get_default())
            for n in range(PARTNERS)
        ]
    )
    cohorts = []
    for n, course in enumerate(CoursePage.objects.child_of(index).order_by("path")):
        for k in range(COHORTS_PER_COURSE):
            cohort = Cohort.objects.create(
                course=course,
                name=f"Cohort {n}-{k}",
                starts_on=date(2026, 1, 1),
                partner=partners[(n + k) % PARTNERS] if (n + k) % 4 else None,
            )
            if n == 0 and k == 0:
                cohort.trainers.add(trainer)
                cohort.save()
            cohorts.append(cohort)
    return cohorts


def seed_learners(cohorts, target: int):
    """Learners until there are ``target``, spread over the cohorts and the
    last year: each enrolled, completed and certified."""
    User = get_user_model()
    have = Enrolment.objects.count()
    now = timezone.now()
    batch = 2000
    for start in range(have, target, batch):
        numbers = range(start, min(start + batch, target))
        users = User.objects.bulk_create(
            [
                User(username=f"r{n}", email=f"r{n}@example.org", password="!")  # noqa: S106 - unusable
                for n in numbers
            ]
        )
        rows = []
        for n, user in zip(numbers, users, strict=True):
            cohort = cohorts[n % len(cohorts)]
            enrolled = now - timedelta(days=5 + n % 350, hours=n % 24)
            done = enrolled + timedelta(days=3 + n % 60)
            rows.append((n, user, cohort, enrolled, min(done, now)))
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(cohort=c, learner=u) for _n, u, c, _e, _d in rows]
        )
        for enrolment, (_n, _u, _c, enrolled, _d) in zip(enrolments, rows, strict=True):
            enrolment.enrolled_at = enrolled
        Enrolment.objects.bulk_update(enrolments, ["enrolled_at"])
        completions = CourseCompletion.objects.bulk_create(
            [
                CourseCompletion(learner=u, course_id=c.course_id, cohort=c)
                for _n, u, c, _e, _d in rows
                if _n % 5  # four in five complete
            ]
        )
        done_at = {u.pk: d for _n, u, _c, _e, d in rows}
        for completion in completions:
            completion.completed_at = done_at[completion.learner_id]
        CourseCompletion.objects.bulk_update(completions, ["completed_at"])
        Certificate.objects.bulk_create(
            [
                Certificate(
                    code=codes.new_code(),
                    learner=u,
                    course_id=c.course_id,
                    cohort=c,
                    snapshot={"name": f"Learner {n}"},
                    language="en",
                    status_index=n,
                    issued_at=d,
                    revoked_at=d + timedelta(days=2) if n % 23 == 0 else None,
                    expires_on=(d + timedelta(days=90)).date() if n % 7 == 0 else None,
                )
                for n, u, c, _e, d in rows
                if n % 5
            ]
        )


def main():
    parser = argparse.ArgumentParser(parents=[common_arguments()])
    parser.add_argument("--base", type=int, default=2000)
    args = parser.parse_args()
    index = setup_database()
    academy_roles_setup()
    User = get_user_model()
    editor = User.objects.create_user("bench-editor", "e@example.org", "bench-pw-1")
    editor.groups.add(Group.objects.get(name=EDITORS))
    trainer = User.objects.create_user("bench-trainer", "t@example.org", "bench-pw-1")
    trainer.groups.add(Group.objects.get(name=TRAINERS))
    cohorts = seed_cohorts(index, trainer)
    clients = {}
    for name, user in (("editor", editor), ("trainer", trainer)):
        clients[name] = Client()
        clients[name].force_login(user)
    pages = {
        "editor, per course": ("editor", "?breakdown=course"),
        "editor, per domain": ("editor", "?breakdown=domain"),
        "editor, per month": ("editor", "?breakdown=month"),
        "editor, CSV/cohort": ("editor", "?breakdown=cohort&export=csv"),
        "trainer, per course": ("trainer", "?breakdown=course"),
    }
    results = {}
    for size in (args.base, args.base * 10):
        started = time.perf_counter()
        seed_learners(cohorts, size)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"seeded {size} learners in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        results[size] = {"baseline": baseline(clients["editor"], REPEAT)}
        for name, (who, query) in pages.items():

            def call(_, who=who, query=query):
                response = clients[who].get(f"/admin/reports/academy/{query}")
                assert response.status_code == 200, (who, query)

            results[size][name] = measure(call, repeat=REPEAT)

    small, large = args.base, args.base * 10
    print_sizes(
        f"Academy report, {connection.vendor}, median of {REPEAT} requests",
        results,
        pages,
        small,
        large,
    )


if __name__ == "__main__":
    main()
