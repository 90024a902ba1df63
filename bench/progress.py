"""Benchmark: progress at scale (issue 3).

Seeds 10 courses (5 modules x 8 lessons), 2,000 learners each enrolled in two
courses and about 80,000 lesson completions, then reports the SQL query count
and median time of:

- the learner dashboard, for a learner in 1 course and one in 5 courses;
- a lesson completion (POST .../complete/ by an enrolled learner, each time a
  new lesson, so every request writes and re-checks the certificate rule);
- the trainer's cohort table at 20 and at 200 learners.

Times are also given as a ratio to the health-check view measured in the same
run. Target: query counts do not grow with learners, courses or lessons.

    python bench/progress.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench \
        python bench/progress.py
"""

import argparse
import random
import sys
import time
from datetime import date

from _common import (
    baseline,
    common_arguments,
    connection,
    measure,
    seed_courses,
    setup_database,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client

from accounts.models import Profile
from courses.models import (
    Cohort,
    Competency,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAttempt,
)
from courses.selectors.progress import course_outlines

LEARNERS = 2000
COURSES = 10
REPEAT = 15
random.seed(2026)


def seed(index):
    competencies = list(Competency.objects.select_related("domain"))
    seed_courses(index, COURSES, competencies, modules=5, lessons=8)
    courses = list(CoursePage.objects.child_of(index).order_by("path"))
    outlines = course_outlines(courses)
    User = get_user_model()
    password = make_password("bench-password-1")
    users = User.objects.bulk_create(
        [
            User(
                username=f"learner{n}",
                email=f"learner{n}@example.org",
                password=password,
            )
            for n in range(LEARNERS)
        ]
    )
    Profile.objects.bulk_create(
        [Profile(user=u, printed_name=f"Learner {u.pk}") for u in users]
    )
    trainer = User.objects.create_user(
        "trainer", "trainer@example.org", "bench-password-1"
    )
    cohorts = {}
    for course in courses:
        for name in ("20 learners", "200 learners", "others"):
            cohort = Cohort.objects.create(
                course=course, name=name, starts_on=date(2026, 9, 1), is_open=True
            )
            cohort.trainers.add(trainer)
            cohort.save()
            cohorts[course.id, name] = cohort
    enrolments, completions, attempts = [], [], []
    per_course = {c.id: 0 for c in courses}
    for n, user in enumerate(users):
        for course in random.sample(courses, 2) if n else courses[:1]:
            seat = per_course[course.id]
            per_course[course.id] += 1
            name = (
                "20 learners"
                if seat < 20
                else "200 learners"
                if seat < 220
                else "others"
            )
            enrolments.append(Enrolment(cohort=cohorts[course.id, name], learner=user))
            lessons = outlines[course.id].lessons
            done = random.randint(10, 30)
            modules = {m.id: m for m in outlines[course.id].modules}
            for lesson in lessons[:done]:
                module = next(m for m in modules.values() if lesson in m.lessons)
                completions.append(
                    LessonCompletion(
                        learner=user,
                        course=course,
                        module_id=module.id,
                        lesson_id=lesson.id,
                        source="marked",
                    )
                )
                for quiz in lesson.quizzes:
                    attempts.append(
                        QuizAttempt(
                            learner=user,
                            course=course,
                            module_id=module.id,
                            lesson_id=lesson.id,
                            block_id=quiz.block_id,
                            score=100,
                            pass_mark=quiz.pass_mark,
                            passed=True,
                        )
                    )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    LessonCompletion.objects.bulk_create(completions, batch_size=5000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    # One learner in five courses, to show the dashboard does not grow with courses.
    busy = users[0]
    for course in courses[1:5]:
        Enrolment.objects.create(cohort=cohorts[course.id, "others"], learner=busy)
    return courses, cohorts, users, trainer


def main():
    argparse.ArgumentParser(
        parents=[common_arguments()], description=__doc__
    ).parse_args()
    started = time.perf_counter()
    index = setup_database()
    courses, cohorts, users, trainer = seed(index)
    print(
        f"seeded {COURSES} courses, {LEARNERS} learners, "
        f"{Enrolment.objects.count()} enrolments, "
        f"{LessonCompletion.objects.count()} completions in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    client = Client()
    results = {"baseline (/healthz/)": baseline(client, REPEAT)}

    # Learner dashboards: 1 course vs 5 courses.
    one_course = next(
        u for u in users[1:] if Enrolment.objects.filter(learner=u).count() == 2
    )
    for label, user in (
        ("dashboard, 2 courses", one_course),
        ("dashboard, 5 courses", users[0]),
    ):
        client.force_login(user)

        def dashboard(_):
            assert client.get("/learn/").status_code == 200

        results[label] = measure(dashboard, repeat=REPEAT)

    # Lesson completion: a fresh learner completes a new lesson each time.
    course = courses[0]
    cohort = cohorts[course.id, "others"]
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    learner = get_user_model().objects.create_user(
        "completer", "c@example.org", "x-pw-123456"
    )
    Profile.objects.create(user=learner, printed_name="Completer")
    Enrolment.objects.create(cohort=cohort, learner=learner)
    client.force_login(learner)

    def complete(i):
        lesson = lessons[(i + 1) % len(lessons)]
        response = client.post(lesson.url + "complete/")
        assert response.status_code == 302, response.status_code

    results["lesson completion (POST)"] = measure(complete, repeat=REPEAT)

    # Trainer cohort table at 20 and 200 learners.
    client.force_login(trainer)
    for name in ("20 learners", "200 learners"):
        target = cohorts[course.id, name]
        size = target.enrolments.count()

        def table(_, target=target):
            assert client.get(f"/trainer/cohorts/{target.code}/").status_code == 200

        results[f"cohort table, {size} learners"] = measure(table, repeat=REPEAT)

    base = results["baseline (/healthz/)"][1]
    print(f"\nProgress at scale, {connection.vendor}, median of {REPEAT} requests")
    header = f"{'measurement':<34}{'queries':>8}{'ms':>9}{'x base':>9}"
    print(header)
    print("-" * len(header))
    for label, (queries, seconds) in results.items():
        print(f"{label:<34}{queries:>8}{seconds * 1000:>9.1f}{seconds / base:>9.1f}")
    small = results["cohort table, 20 learners"]
    large = results["cohort table, 200 learners"]
    print(
        f"\ncohort table 200/20 learners: queries {large[0]}/{small[0]}, "
        f"time x{large[1] / small[1]:.2f}"
    )
    d1, d5 = results["dashboard, 2 courses"], results["dashboard, 5 courses"]
    print(f"dashboard 5/2 courses: queries {d5[0]}/{d1[0]}, time x{d5[1] / d1[1]:.2f}")


if __name__ == "__main__":
    main()
