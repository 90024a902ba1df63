"""The trainer's quiz gradebook: best and last score per learner and quiz."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.services import enrolment_create, quiz_attempt_submit
from tests.conftest import CORRECT
from tests.courses.factories import make_user

pytestmark = pytest.mark.django_db

WRONG = {"q-q1": "q1b", "q-q2": ["q2a"]}


def attempt(learner, lesson, answers):
    quiz_attempt_submit(learner=learner, lesson=lesson, block_id="quiz1", data=answers)


@pytest.fixture
def graded(course_tree, cohort, learner, other_learner):
    """Amina: 0% then 100%; Jonas: 100% then 0%; nobody else tried."""
    lesson = course_tree["l2"]
    for person in (learner, other_learner):
        enrolment_create(cohort=cohort, learner=person)
    attempt(learner, lesson, WRONG)
    attempt(learner, lesson, CORRECT)
    attempt(other_learner, lesson, CORRECT)
    attempt(other_learner, lesson, WRONG)
    return cohort


def test_the_gradebook_shows_best_and_last_per_learner(client, graded, trainer):
    client.force_login(trainer)
    response = client.get(f"/trainer/cohorts/{graded.code}/gradebook/")
    assert response.status_code == 200
    rows = {
        row.enrolment.learner.username: row.grades for row in response.context["rows"]
    }
    (amina,) = rows["amina"]
    (jonas,) = rows["jonas"]
    assert (amina.best, amina.last, amina.attempts, amina.passed) == (100, 100, 2, True)
    assert (jonas.best, jonas.last, jonas.attempts, jonas.passed) == (100, 0, 2, True)
    page = response.content.decode()
    assert "best 100%, last 0% (2 attempts)" in page
    assert (
        "Quiz gradebook"
        in client.get(f"/trainer/cohorts/{graded.code}/").content.decode()
    )


def test_the_gradebook_csv_reads_back(client, graded, trainer):
    client.force_login(trainer)
    response = client.get(f"/trainer/cohorts/{graded.code}/gradebook.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "E-mail",
        "Quiz: Check yourself, best (%)",
        "Quiz: Check yourself, last (%)",
        "Quiz: Check yourself, attempts",
    ]
    by_name = {row[0]: row[2:] for row in rows[1:]}
    assert by_name["Amina Haddad"] == ["100", "100", "2"]
    assert by_name["Jonas Kazlauskas"] == ["100", "0", "2"]


def test_a_learner_who_never_tried_has_an_empty_cell(client, graded, trainer):
    enrolment_create(cohort=graded, learner=make_user("zoe", name="Zoe Lee"))
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{graded.code}/gradebook/").content.decode()
    assert "not tried" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/trainer/cohorts/{graded.code}/gradebook.csv"
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert any(row[0] == "Zoe Lee" and row[2:] == ["", "", "0"] for row in rows)


def test_only_the_cohorts_trainers_see_it(client, graded, other_trainer, learner):
    for person in (other_trainer, learner):
        client.force_login(person)
        for url in ("gradebook/", "gradebook.csv"):
            response = client.get(f"/trainer/cohorts/{graded.code}/{url}")
            assert response.status_code == 404, (person, url)


def test_empty_states(client, cohort, trainer):
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/gradebook/").content.decode()
    assert "No learner is enrolled in this cohort yet." in page


def test_queries_do_not_grow_with_learners(client, graded, trainer, course_tree):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{graded.code}/gradebook/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        person = make_user(f"extra{n}")
        enrolment_create(cohort=graded, learner=person)
        attempt(person, course_tree["l2"], CORRECT)
    client.get(url)  # the site's parts cached again, as before the first count
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
