"""Translations go through the Trainer review like any page: "Translate this
page" makes a draft, a trainer submits it for review, an editor approves it
and only then is it live."""

import pytest
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from cms.services import TRANSLATION_NOT_A_TRANSLATION, is_translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_draft(course_tree, french_site, trainer):
    """The course translated into French with "Translate this page", by a
    trainer (its translation is a draft, not live)."""
    course = course_tree["course"]
    translate_object(course, [french_site["locale"]], user=trainer)
    translated = course.get_translation(french_site["locale"])
    return translated.specific


def test_translate_this_page_makes_a_draft(french_draft, course_tree):
    assert course_tree["course"].live
    assert not french_draft.live
    assert is_translation(french_draft)
    assert not is_translation(course_tree["course"])


def test_a_trainer_submits_it_and_an_editor_approves_it(
    client, french_draft, trainer, editor
):
    client.force_login(trainer)
    explorer = client.get(f"/admin/pages/{french_draft.get_parent().pk}/")
    url = f"/admin/translations/{french_draft.pk}/review/"
    assert url in explorer.content.decode()  # the button in the page's menu
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Submit for review" in confirm.content.decode()
    response = client.post(url, follow=True)
    assert "is waiting for review" in response.content.decode()
    french_draft.refresh_from_db()
    assert french_draft.workflow_in_progress
    assert not french_draft.live
    again = client.post(url, follow=True)
    assert "already waiting for review" in again.content.decode()

    state = french_draft.current_workflow_state
    state.current_task_state.task.specific.on_action(
        state.current_task_state, editor, "approve"
    )
    french_draft.refresh_from_db()
    assert french_draft.live
    assert not french_draft.workflow_in_progress


def test_only_translations_are_submitted_here(client, course_tree, trainer):
    client.force_login(trainer)
    course = course_tree["course"]
    course.save_revision(user=trainer)
    response = client.post(f"/admin/translations/{course.pk}/review/", follow=True)
    assert str(TRANSLATION_NOT_A_TRANSLATION) in response.content.decode()
    course.refresh_from_db()
    assert not course.workflow_in_progress


def test_people_who_may_not_edit_the_page_get_403(client, french_draft, learner):
    client.force_login(learner)
    response = client.get(f"/admin/translations/{french_draft.pk}/review/")
    assert response.status_code in (302, 403)  # the admin sends learners away
    french_draft.refresh_from_db()
    assert not french_draft.workflow_in_progress
    assert Locale.objects.filter(language_code="fr").exists()
