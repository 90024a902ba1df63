"""Benchmark: public page rendering as the catalogue grows from 5 to 50 courses.

Seeds 5 and then 50 courses (5 modules x 6 lessons each) into a scratch
database and reports, for the catalogue, a course page, a domain page and a
lesson page, the SQL query count and the median render time at both sizes.
Times are also given as a ratio to a baseline measured in the same run (the
health-check view, which does one query), because absolute times on shared
machines are noisy.

    python bench/pages.py            # SQLite scratch file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \
        python bench/pages.py

Each page is measured rendered (the site's version token replaced before every
request, so neither the page cache nor the route cache helps) and cached (an
anonymous visitor's repeat request). A learner enrolled in a course asks for
one of its lessons and for their dashboard the same two ways: rendered, and
kept for them (their repeat request, decision 0034).

Never run as a test; figures are printed, not asserted. Target: query counts
identical at 5 and 50 courses (no N+1).
"""

import argparse
import sys
import time

from _common import (
    baseline,
    common_arguments,
    connection,
    load_average,
    measure,
    seed_cohort,
    seed_courses,
    setup_database,
)
from django.test import Client

from cms.caching import site_content_changed
from courses.models import Competency, CoursePage, LessonPage

REPEAT = 15


def main():
    argparse.ArgumentParser(
        parents=[common_arguments()], description=__doc__
    ).parse_args()
    index = setup_database()
    learner_course, _cohort, _trainer, (learner,) = seed_cohort(index, 1)
    competencies = list(Competency.objects.select_related("domain"))
    client = Client()
    learner_client = Client()
    learner_client.force_login(learner)
    learner_client.get("/learn/")  # the CSRF cookie a browser holds
    signed_in = {
        "lesson, signed in": lambda: (
            LessonPage.objects.descendant_of(learner_course).order_by("path")[2].url
        ),
        "dashboard, signed in": lambda: "/learn/",
    }
    pages = {
        "catalogue": lambda: index.url,
        "catalogue, filtered": lambda: (
            index.url + "?domain=research-ethics&language=en"
        ),
        "course page": lambda: CoursePage.objects.get(slug="course-2").url,
        "domain page": lambda: index.url + "domains/research-methods/",
        # Every lesson matches; never from the page cache (q is not cached).
        "search": lambda: index.url + "search/?q=lesson",
        "lesson page": lambda: (
            LessonPage.objects.descendant_of(CoursePage.objects.get(slug="course-2"))
            .order_by("path")[8]
            .url
        ),
        **signed_in,
    }
    results = {}
    for size in (5, 50):
        started = time.perf_counter()
        seed_courses(index, size, competencies)
        print(
            f"seeded {size} courses ({size * 30} lessons) "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        results[size] = {"baseline": baseline(client, REPEAT)}
        for name, url_for in pages.items():
            url = url_for()
            browser = learner_client if name in signed_in else client

            def render(_, url=url, browser=browser):
                site_content_changed()  # not from the page or route cache
                assert browser.get(url).status_code == 200, url

            def cached(_, url=url, browser=browser):
                assert browser.get(url).status_code == 200, url

            results[size][name] = measure(render, repeat=REPEAT)
            results[size][f"{name}, cached"] = measure(cached, repeat=REPEAT)

    print(
        f"\nPage rendering, {connection.vendor}, median of {REPEAT} requests; "
        f"{load_average()}"
    )
    header = (
        f"{'page':<30}{'queries@5':>10}{'queries@50':>11}"
        f"{'ms@5':>8}{'ms@50':>8}{'x base@5':>10}{'x base@50':>11}{'50/5':>7}"
    )
    print(header)
    print("-" * len(header))
    for name in ["baseline", *pages, *(f"{page}, cached" for page in pages)]:
        q5, t5 = results[5][name]
        q50, t50 = results[50][name]
        b5, b50 = results[5]["baseline"][1], results[50]["baseline"][1]
        print(
            f"{name:<30}{q5:>10}{q50:>11}{t5 * 1000:>8.1f}{t50 * 1000:>8.1f}"
            f"{t5 / b5:>10.1f}{t50 / b50:>11.1f}{t50 / t5:>7.2f}"
        )
    print(
        "\nbaseline = /healthz/ (one query); 'x base' = page time / baseline time;"
        "\nrendered: the site's version token is replaced before each request, so"
        "\nthe page is built again (the page and route caches miss); cached: an"
        "\nanonymous visitor's second request, or the signed-in learner's."
    )


if __name__ == "__main__":
    main()
