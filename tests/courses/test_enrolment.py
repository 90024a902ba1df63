"""Cohorts and enrolment: self-enrolment, capacity, withdrawal, trainer enrolment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.choices import EnrolmentStatus
from courses.models import Cohort, Enrolment, LessonCompletion
from courses.services import (
    ALREADY_IN_COURSE,
    COHORT_FULL,
    ENROLMENT_CLOSED,
    enrolment_create,
    enrolment_withdraw,
    lesson_complete,
)
from tests.courses.factories import make_cohort, make_user

pytestmark = pytest.mark.django_db


def test_enrolling_twice_is_idempotent(cohort, learner):
    first = enrolment_create(cohort=cohort, learner=learner)
    assert enrolment_create(cohort=cohort, learner=learner).pk == first.pk
    assert Enrolment.objects.count() == 1


def test_closed_cohort_refuses_self_enrolment_but_trainer_can_enrol(
    course_tree, learner, trainer
):
    closed = make_cohort(course_tree["course"], trainers=[trainer], is_open=False)
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=closed, learner=learner)
    assert excinfo.value.messages == [str(ENROLMENT_CLOSED)]
    assert not Enrolment.objects.exists()
    enrolment_create(cohort=closed, learner=learner, by=trainer, source="trainer")
    assert Enrolment.objects.get().enrolled_by == trainer


def test_full_cohort_refuses(course_tree, learner, other_learner):
    small = make_cohort(course_tree["course"], capacity=1)
    enrolment_create(cohort=small, learner=learner)
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=small, learner=other_learner)
    assert excinfo.value.messages == [str(COHORT_FULL)]
    assert Enrolment.objects.count() == 1


def test_one_active_enrolment_per_course(course_tree, learner):
    a = make_cohort(course_tree["course"])
    b = make_cohort(course_tree["course"])
    enrolment_create(cohort=a, learner=learner)
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=b, learner=learner)
    assert excinfo.value.messages == [str(ALREADY_IN_COURSE)]


def test_withdraw_frees_the_place_and_keeps_progress(
    course_tree, learner, other_learner
):
    small = make_cohort(course_tree["course"], capacity=1)
    enrolment = enrolment_create(cohort=small, learner=learner)
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    enrolment_withdraw(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.WITHDRAWN
    assert LessonCompletion.objects.filter(learner=learner).exists()
    enrolment_create(cohort=small, learner=other_learner)
    with pytest.raises(ValidationError):
        enrolment_create(cohort=small, learner=learner)  # full again


def test_course_page_lists_cohorts_and_enrols(client, course_tree, cohort, learner):
    course = course_tree["course"]
    anonymous = client.get(course.url).content.decode()
    assert "Autumn" in anonymous and "Sign in to enrol" in anonymous
    client.force_login(learner)
    assert "Enrol in Autumn" in client.get(course.url).content.decode()
    response = client.post(f"/learn/cohorts/{cohort.code}/enrol/")
    assert response.status_code == 302
    assert Enrolment.objects.filter(learner=learner, cohort=cohort).exists()
    assert "You are enrolled in Autumn." in client.get(course.url).content.decode()


def test_enrol_in_closed_cohort_through_the_page_shows_the_message(
    client, course_tree, learner
):
    closed = make_cohort(course_tree["course"], is_open=False, name="Closed")
    client.force_login(learner)
    response = client.post(f"/learn/cohorts/{closed.code}/enrol/", follow=True)
    assert str(ENROLMENT_CLOSED) in response.content.decode()
    assert not Enrolment.objects.exists()


def test_withdraw_only_own_enrolment(client, cohort, learner, other_learner, enrolled):
    client.force_login(other_learner)
    assert client.post(f"/learn/cohorts/{cohort.code}/withdraw/").status_code == 404
    client.force_login(learner)
    assert client.post(f"/learn/cohorts/{cohort.code}/withdraw/").status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.status == EnrolmentStatus.WITHDRAWN


def test_unknown_cohort_code_is_404(client, learner):
    client.force_login(learner)
    assert client.post("/learn/cohorts/nope/enrol/").status_code == 404


def test_cohort_codes_are_not_sequential(course_tree):
    codes = {make_cohort(course_tree["course"]).code for _ in range(5)}
    assert len(codes) == 5
    assert all(len(code) == 12 and not code.isdigit() for code in codes)


def test_trainer_enrols_one_person_and_invites_a_new_one(
    client, cohort, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    existing = make_user("eleni", name="Ελένη Παπαδοπούλου")
    client.force_login(trainer)
    url = f"/trainer/cohorts/{cohort.code}/enrol/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "", "email": existing.email})
        client.post(url, {"name": "Nadia Ben Ali", "email": "nadia@example.org"})
    assert Enrolment.objects.filter(cohort=cohort).count() == 2
    assert len(mailoutbox) == 2
    enrolled, invitation = mailoutbox
    assert enrolled.to == [existing.email]
    assert "You are enrolled in" in enrolled.subject
    assert invitation.to == ["nadia@example.org"]
    assert "/account/password/reset/key/" in invitation.body
    response = client.post(url, {"name": "X", "email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


def test_editors_manage_cohorts_in_the_admin(client, course_tree, editor, learner):
    client.force_login(editor)
    assert client.get(reverse("cohorts:index")).status_code == 200
    response = client.post(
        reverse("cohorts:add"),
        {
            "course": course_tree["course"].pk,
            "name": "Spring",
            "starts_on": "2027-03-01",
            "ends_on": "2027-02-01",
            "location": "",
            "capacity": "0",
            "trainers": [],
            "sessions-TOTAL_FORMS": "0",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
        },
    )
    content = response.content.decode()
    assert "The end date cannot be before the start date." in content
    assert "at least 1, or empty for no limit" in content
    assert not Cohort.objects.filter(name="Spring").exists()
    client.force_login(learner)
    assert client.get(reverse("cohorts:index")).status_code in (302, 403)


def test_withdrawing_asks_first_and_the_question_changes_nothing(
    client, cohort, learner, enrolled
):
    client.force_login(learner)
    dashboard = client.get("/learn/").content.decode()
    url = f"/learn/cohorts/{cohort.code}/withdraw/"
    assert f'href="{url}"' in dashboard  # a link to the question, not a button
    question = client.get(url)
    assert question.status_code == 200
    page = question.content.decode()
    assert "Withdraw from River watch?" in page and "Keep learning" in page
    enrolled.refresh_from_db()
    assert enrolled.status == EnrolmentStatus.ACTIVE
    assert client.post(url).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.status == EnrolmentStatus.WITHDRAWN
    assert client.get(url).status_code == 404  # nothing left to withdraw from
