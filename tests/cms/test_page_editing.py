"""Editing pages in the admin: no hidden drafts or revisions from autosave, and
an address already in use is reported where a trainer will see it."""

import pytest
from wagtail.models import Revision
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.forms import SLUG_IN_USE
from courses.models import LessonPage
from tests.courses.factories import make_lesson

pytestmark = pytest.mark.django_db


def test_there_is_no_autosave(client, superuser, course_tree):
    client.force_login(superuser)
    module = course_tree["modules"][0]
    create = client.get(f"/admin/pages/add/courses/lessonpage/{module.pk}/")
    assert create.status_code == 200
    assert create.context["autosave_enabled"] is False
    lesson = course_tree["l1"]
    edit = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert edit.context["autosave_enabled"] is False


def test_opening_a_page_to_review_it_saves_no_revision(client, superuser, course_tree):
    lesson = course_tree["l1"]
    before = Revision.objects.filter(object_id=str(lesson.pk)).count()
    client.force_login(superuser)
    for _ in range(2):
        assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
    assert Revision.objects.filter(object_id=str(lesson.pk)).count() == before


def test_an_address_in_use_is_reported_at_the_top(client, superuser, course_tree):
    module = course_tree["modules"][0]
    draft = make_lesson(module, title="Counting bees", slug="counting-bees")
    draft.unpublish()
    client.force_login(superuser)
    data = nested_form_data(
        {
            "title": "Counting bees",
            "slug": "counting-bees",
            "summary": "",
            "estimated_minutes": "20",
            "body": streamfield([]),
        }
    )
    response = client.post(f"/admin/pages/add/courses/lessonpage/{module.pk}/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(SLUG_IN_USE).split(" (")[0] in page
    assert LessonPage.objects.filter(slug="counting-bees").count() == 1
