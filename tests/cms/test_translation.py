"""Translating pages with wagtail-localize keeps the translated tree reachable."""

from urllib.parse import urlencode

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

pytestmark = pytest.mark.django_db


def test_translating_a_module_with_its_lessons_keeps_them_reachable(
    client, course_tree, course_index, editor, django_capture_on_commit_callbacks
):
    """wagtail-localize publishes translations after commit, from instances that
    predate their translated children (its issue #773); cms.receivers repairs it."""
    french = Locale.objects.create(language_code="fr")
    client.force_login(editor)
    course = course_tree["course"]
    module = course_tree["modules"][0]
    for page, subtree in [
        (course_index.get_parent(), False),
        (course_index, False),
        (course, False),
        (module, True),
    ]:
        data = {
            "locales": [french.pk],
            **({"include_subtree": "on"} if subtree else {}),
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/localize/submit/page/{page.pk}/", data)
        assert response.status_code == 302

    french_module = Page.objects.get(pk=module.get_translation(french).pk)
    assert french_module.numchild == module.get_children().count() == 2
    assert Page.find_problems() == ([], [], [], [], [])
    lesson = course_tree["l1"].get_translation(french)
    assert not lesson.live  # a draft until reviewed (decision 0038)
    for original in [
        course_index.get_parent(),
        course_index,
        course,
        module,
        course_tree["l1"],
    ]:
        translated = original.get_translation(french)
        translated.get_latest_revision().publish(user=editor)
    lesson.refresh_from_db()
    assert lesson.live
    assert client.get(lesson.url).status_code == 200


def test_translators_save_segments_as_form_data(
    client, course_tree, course_index, editor, django_capture_on_commit_callbacks
):
    """wagtail-localize's editor PUTs form data; our JSON-only API default must
    not refuse it (decision 0014)."""
    french = Locale.objects.create(language_code="fr")
    client.force_login(editor)
    for page in (course_index.get_parent(), course_index, course_tree["course"]):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/admin/localize/submit/page/{page.pk}/", {"locales": [french.pk]}
            )
    course = course_tree["course"]
    translation = Translation.objects.get(
        source__object_id=course.translation_key, target_locale=french
    )
    segment = StringSegment.objects.filter(
        source=translation.source, string__data=course.title
    ).first()
    response = client.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        urlencode({"value": "Veille des rivières"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201
    assert (
        StringTranslation.objects.get(translation_of=segment.string, locale=french).data
        == "Veille des rivières"
    )
