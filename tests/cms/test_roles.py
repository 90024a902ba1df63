"""Trainers author and submit for review; editors approve and publish."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.services import TRAINER_REVIEW, academy_roles_setup
from courses.models import CoursePage, ModulePage
from tests.courses.factories import CompetencyFactory, make_course

pytestmark = pytest.mark.django_db


def module_form(competency, **extra):
    return nested_form_data(
        {
            "title": "Sampling design",
            "slug": "sampling-design",
            "introduction": rich_text("<p>How to choose sites.</p>"),
            "estimated_hours": "2",
            "is_required": "on",
            "module_competencies": inline_formset([{"competency": competency.pk}]),
            **extra,
        }
    )


def test_roles_setup_is_idempotent(roles):
    again = academy_roles_setup()
    assert again.pk == roles.pk
    assert Workflow.objects.filter(name=TRAINER_REVIEW).count() == 1
    root = Page.get_first_root_node()
    assert root.get_workflow() == roles


def test_trainer_cannot_publish(client, trainer, course_index):
    course = make_course(course_index)
    client.force_login(trainer)
    url = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", course.pk))
    assert client.get(url).status_code == 200
    response = client.post(
        url, module_form(CompetencyFactory(), **{"action-publish": "1"})
    )
    module = ModulePage.objects.get(slug="sampling-design")
    assert response.status_code == 302
    assert not module.live


def test_trainer_submits_and_editor_approves(client, trainer, editor, course_index):
    course = make_course(course_index)
    client.force_login(trainer)
    url = reverse("wagtailadmin_pages:add", args=("courses", "modulepage", course.pk))
    client.post(url, module_form(CompetencyFactory(), **{"action-submit": "1"}))
    module = ModulePage.objects.get(slug="sampling-design")
    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(module.pk)
    )
    assert state.workflow.name == TRAINER_REVIEW
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not module.live

    client.force_login(editor)
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(module.pk, "approve", task_state.pk),
    )
    response = client.post(approve, {"comment": "Looks good"})
    assert response.status_code in (200, 302)
    module.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert module.live


def test_trainer_edits_course_pages_but_not_site_settings(
    client, trainer, course_index
):
    course = make_course(course_index)
    client.force_login(trainer)
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,))).status_code
        == 200
    )
    settings_url = reverse("wagtailsettings:edit", args=("cms", "academysettings"))
    assert client.get(settings_url).status_code in (302, 403)


def test_anonymous_users_are_sent_to_login(client, course_index):
    course = make_course(course_index)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,)))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert CoursePage.objects.filter(pk=course.pk).exists()


def test_setup_command_creates_roles(db):
    out = StringIO()
    call_command("setup_academy_roles", stdout=out)
    assert "Trainer review" in out.getvalue()
    trainers = Group.objects.get(name="Trainers")
    assert trainers.page_permissions.filter(permission__codename="change_page").exists()
    assert not trainers.page_permissions.filter(
        permission__codename="publish_page"
    ).exists()
