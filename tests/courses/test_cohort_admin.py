"""Cohorts in the Wagtail admin: trainers see and change only the cohorts they run;
editors every cohort. Trainers are chosen from staff, never from learners."""

import pytest

from courses.forms import COHORT_TRAINER_SELF_REQUIRED
from courses.models import Cohort
from tests.courses.factories import make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_cohort(course_tree, other_trainer):
    return make_cohort(course_tree["course"], trainers=[other_trainer], name="Spring")


def form_data(course, *, name, trainers):
    return {
        "course": course.pk,
        "name": name,
        "starts_on": "2027-03-01",
        "ends_on": "2027-06-01",
        "location": "Town library",
        "capacity": "20",
        "is_open": "on",
        "trainers": [t.pk for t in trainers],
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }


def test_trainer_lists_only_their_own_cohorts(client, trainer, cohort, other_cohort):
    client.force_login(trainer)
    content = client.get("/admin/cohorts/").content.decode()
    assert "Autumn" in content
    assert "Spring" not in content


def test_another_trainers_cohort_answers_404(client, trainer, cohort, other_cohort):
    client.force_login(trainer)
    pk = other_cohort.pk
    for path in ("edit", "inspect", "delete", "history", "usage", "copy"):
        assert client.get(f"/admin/cohorts/{path}/{pk}/").status_code == 404, path
    response = client.post(
        f"/admin/cohorts/edit/{pk}/",
        form_data(other_cohort.course, name="Taken over", trainers=[trainer]),
    )
    assert response.status_code == 404
    other_cohort.refresh_from_db()
    assert other_cohort.name == "Spring"
    assert not other_cohort.trainers.filter(pk=trainer.pk).exists()
    assert client.get(f"/admin/cohorts/edit/{cohort.pk}/").status_code == 200


def test_editor_sees_and_changes_every_cohort(client, editor, cohort, other_cohort):
    client.force_login(editor)
    content = client.get("/admin/cohorts/").content.decode()
    assert "Autumn" in content and "Spring" in content
    for path in ("edit", "inspect", "history"):
        response = client.get(f"/admin/cohorts/{path}/{other_cohort.pk}/")
        assert response.status_code == 200, path


def test_trainers_are_chosen_from_staff_not_learners(
    client, trainer, other_trainer, editor, learner, course_tree
):
    client.force_login(trainer)
    response = client.get("/admin/cohorts/new/")
    choices = {user.pk for user in response.context["form"].fields["trainers"].queryset}
    assert {trainer.pk, other_trainer.pk, editor.pk} <= choices
    assert learner.pk not in choices
    assert response.context["form"].initial["trainers"] == [trainer.pk]

    response = client.post(
        "/admin/cohorts/new/",
        form_data(course_tree["course"], name="Winter", trainers=[learner]),
    )
    assert response.status_code == 200
    assert not Cohort.objects.filter(name="Winter").exists()


def test_trainer_creates_a_cohort_they_run(client, trainer, other_trainer, course_tree):
    client.force_login(trainer)
    response = client.post(
        "/admin/cohorts/new/",
        form_data(course_tree["course"], name="Winter", trainers=[trainer]),
    )
    assert response.status_code == 302
    winter = Cohort.objects.get(name="Winter")
    assert list(winter.trainers.all()) == [trainer]
    assert "Winter" in client.get("/admin/cohorts/").content.decode()


def test_trainer_cannot_leave_themselves_out(
    client, trainer, other_trainer, cohort, course_tree
):
    client.force_login(trainer)
    response = client.post(
        "/admin/cohorts/new/",
        form_data(course_tree["course"], name="Winter", trainers=[other_trainer]),
    )
    assert response.status_code == 200
    assert str(COHORT_TRAINER_SELF_REQUIRED) in response.content.decode()
    assert not Cohort.objects.filter(name="Winter").exists()

    response = client.post(
        f"/admin/cohorts/edit/{cohort.pk}/",
        form_data(cohort.course, name="Autumn", trainers=[other_trainer]),
    )
    assert str(COHORT_TRAINER_SELF_REQUIRED) in response.content.decode()
    assert list(cohort.trainers.all()) == [trainer]


def test_editor_hands_a_cohort_over(client, editor, trainer, other_trainer, cohort):
    client.force_login(editor)
    response = client.post(
        f"/admin/cohorts/edit/{cohort.pk}/",
        form_data(cohort.course, name="Autumn", trainers=[other_trainer]),
    )
    assert response.status_code == 302
    assert list(cohort.trainers.all()) == [other_trainer]
