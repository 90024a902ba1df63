"""Every lesson block renders its admin preview, and the editor opens for trainers."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.blocks import Block

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage

pytestmark = pytest.mark.django_db


def registry_id(block):
    for key, registered in Block.definition_registry.items():
        if registered is block:
            return key
    raise AssertionError(f"{block.name} is not in the block definition registry")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("text", "Why we measure"),
        ("video", "How to place a diffusion tube"),
        ("document", "Field recording sheet"),
        ("callout", "Stay safe near traffic"),
        ("quiz", "Where should a diffusion tube be placed?"),
        ("activity", "Place your first tube"),
        ("reflection", "Who benefits from the data you collect?"),
    ],
)
def test_block_preview_renders(client, superuser, name, expected):
    client.force_login(superuser)
    block = LessonPage.body.field.stream_block.child_blocks[name]
    assert block.meta.description, f"{name} needs a description"
    response = client.get(
        reverse("wagtailadmin_block_preview"), {"id": registry_id(block)}
    )
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_trainer_opens_the_editor_for_every_demo_page_type(
    client, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_academy", stdout=io.StringIO())
    client.force_login(trainer)
    for model in (CourseIndexPage, CoursePage, ModulePage, LessonPage):
        page = model.objects.filter(locale__language_code="en").first()
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, model.__name__
    listing = client.get(reverse("wagtailsnippets_courses_competencydomain:list"))
    assert "Research ethics" in listing.content.decode()
