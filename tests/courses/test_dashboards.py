"""Learner dashboard, trainer cohort table, review queue, attendance, CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.choices import ReviewDecision
from courses.models import Attendance
from courses.services import (
    enrolment_create,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
)
from tests.conftest import CORRECT
from tests.courses.factories import CohortSessionFactory, make_cohort, make_user

pytestmark = pytest.mark.django_db


def test_dashboard_needs_sign_in(client):
    response = client.get("/learn/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_empty_dashboard(client, learner):
    client.force_login(learner)
    content = client.get("/learn/").content.decode()
    assert "You are not enrolled in any course yet." in content


def test_learner_dashboard_shows_progress_continue_and_profile(
    client, course_tree, learner, enrolled
):
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    quiz_attempt_submit(
        learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
    )
    evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="x"
    )
    client.force_login(learner)
    response = client.get("/learn/")
    content = response.content.decode()
    assert "River watch" in content
    assert 'value="50"' in content  # progress bar: 2 of 4 lessons
    assert f'href="{course_tree["l3"].url}"' in content  # continue where left off
    assert "Waiting for review" in content and "Fieldwork" in content
    # Competency profile as a bar chart whose rows read as text, and as a table.
    domain = course_tree["competency"].domain.name
    assert f'class="chart__label">{domain}<' in content
    assert 'width="100%"' in content  # its one competency shown
    assert "Photograph a site" in content
    assert "<table" in content


def test_trainer_pages_need_a_cohort_of_their_own(client, cohort, learner, enrolled):
    client.force_login(learner)
    assert client.get(f"/trainer/cohorts/{cohort.code}/").status_code == 404
    assert client.get(f"/trainer/cohorts/{cohort.code}/export.csv").status_code == 404
    stranger = make_user("stranger")
    make_cohort(cohort.course, trainers=[stranger])
    client.force_login(stranger)
    for path in ("", "export.csv", "enrol/", "import/"):
        assert client.get(f"/trainer/cohorts/{cohort.code}/{path}").status_code == 404


def test_cohort_table_and_export(
    client, course_tree, cohort, learner, enrolled, trainer
):
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    learner.profile.printed_name = "=HYPERLINK(evil)"
    learner.profile.save()
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "Basics" in content and "1/2" in content and "25%" in content
    export = client.get(f"/trainer/cohorts/{cohort.code}/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Name", "E-mail", "Percent complete"]
    assert rows[1][0] == "'=HYPERLINK(evil)"  # formula neutralised
    assert rows[1][2:6] == ["25", "1/2", "0/1", "0/1"]


def test_review_queue_and_review_page(
    client, course_tree, cohort, learner, enrolled, trainer
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="My notes"
    )
    client.force_login(trainer)
    queue = client.get("/trainer/reviews/").content.decode()
    assert "Amina Haddad" in queue and "Fieldwork" in queue
    url = f"/trainer/reviews/{submission.public_id}/"
    detail = client.get(url).content.decode()
    assert "My notes" in detail and "Photograph your site" in detail
    response = client.post(
        url, {"decision": ReviewDecision.CHANGES_REQUESTED, "feedback": ""}
    )
    assert "Tell the learner what to change." in response.content.decode()
    response = client.post(
        url, {"decision": ReviewDecision.APPROVED, "feedback": "Great"}
    )
    assert response.status_code == 302
    assert (
        "Nothing is waiting for review"
        in client.get("/trainer/reviews/").content.decode()
    )


def test_learners_and_other_trainers_cannot_open_a_review(
    client, course_tree, cohort, learner, other_learner, enrolled
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="x"
    )
    url = f"/trainer/reviews/{submission.public_id}/"
    for user in (learner, other_learner, make_user("stranger")):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "approved"}).status_code == 404


def test_attendance_register(client, cohort, learner, other_learner, enrolled, trainer):
    enrolment_create(cohort=cohort, learner=other_learner)
    session = CohortSessionFactory(
        cohort=cohort, title="Field day", starts_at=timezone.now() - timedelta(hours=2)
    )
    client.force_login(trainer)
    url = f"/trainer/cohorts/{cohort.code}/sessions/{session.pk}/"
    assert "Amina Haddad" in client.get(url).content.decode()
    assert client.post(url, {"present": [learner.pk]}).status_code == 302
    marks = dict(Attendance.objects.values_list("learner_id", "present"))
    assert marks == {learner.pk: True, other_learner.pk: False}
    response = client.post(url, {"present": ["abc"]}, follow=True)
    assert response.status_code == 200
    other = make_cohort(cohort.course)
    foreign = CohortSessionFactory(cohort=other, title="X")
    assert (
        client.get(f"/trainer/cohorts/{cohort.code}/sessions/{foreign.pk}/").status_code
        == 404
    )


def test_learner_cannot_see_another_learners_progress(
    client, course_tree, cohort, learner, other_learner, enrolled
):
    evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="secret"
    )
    client.force_login(other_learner)
    page = client.get(course_tree["l3"].url).content.decode()
    assert "secret" not in page
    assert "secret" not in client.get("/learn/").content.decode()


def test_signing_in_leads_trainers_to_their_cohorts_and_learners_to_learning(
    client, cohort, trainer, learner, editor
):
    for user, place in [
        (trainer, "/trainer/"),
        (editor, "/trainer/"),  # editors manage every cohort
        (learner, "/learn/"),
    ]:
        client.force_login(user)
        assert client.get("/learn/start/")["Location"] == place
    client.logout()
    assert client.get("/learn/start/")["Location"].startswith("/account/login/")


def test_the_trainer_link_follows_the_trainer_area_rule(
    client, cohort, trainer, learner, editor
):
    for user, shown in [(trainer, True), (editor, True), (learner, False)]:
        client.force_login(user)
        header = client.get("/learn/").content.decode().split("</header>")[0]
        assert ('href="/trainer/"' in header) is shown, user
