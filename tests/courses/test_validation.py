"""Trainers get clear messages for content that cannot work."""

from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.blocks import ALT_TEXT_REQUIRED, TRANSCRIPT_REQUIRED, ImageBlock, VideoBlock
from courses.blocks import (
    ACTIVITY_NEEDS_COMPETENCY,
    NO_CORRECT_OPTION,
    PASS_MARK_RANGE,
    SINGLE_CHOICE_MANY_CORRECT,
    PracticalActivityBlock,
    QuizBlock,
    QuizQuestionBlock,
)
from courses.choices import EvidenceKind
from courses.models import CoursePage, ModulePage
from courses.models.pages import (
    COURSE_SPECIFIC_ONLY,
    NEGATIVE_HOURS,
    NEGATIVE_VALIDITY,
    PASS_MARK_OUT_OF_RANGE,
    CourseDomain,
)
from tests.courses.factories import (
    CompetencyDomainFactory,
    CompetencyFactory,
    make_course,
    quiz_value,
)

pytestmark = pytest.mark.django_db


def _block_errors(block, raw):
    value = block.to_python(raw)
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    return {
        name: [str(m) for m in error.messages]
        for name, error in excinfo.value.block_errors.items()
    }


def _question(options, kind="single"):
    return {
        "question": "Q?",
        "kind": kind,
        "options": [
            {"type": "item", "id": f"o{i}", "value": option}
            for i, option in enumerate(options)
        ],
    }


def test_question_with_no_correct_option_is_refused():
    errors = _block_errors(
        QuizQuestionBlock(),
        _question(
            [{"text": "A", "is_correct": False}, {"text": "B", "is_correct": False}]
        ),
    )
    assert errors == {"options": [str(NO_CORRECT_OPTION)]}


def test_single_choice_question_with_two_correct_options_is_refused():
    errors = _block_errors(
        QuizQuestionBlock(),
        _question(
            [{"text": "A", "is_correct": True}, {"text": "B", "is_correct": True}]
        ),
    )
    assert errors == {"options": [str(SINGLE_CHOICE_MANY_CORRECT)]}


def test_multiple_choice_question_may_have_two_correct_options():
    block = QuizQuestionBlock()
    value = block.to_python(
        _question(
            [{"text": "A", "is_correct": True}, {"text": "B", "is_correct": True}],
            kind="multiple",
        )
    )
    assert block.clean(value)["kind"] == "multiple"


@pytest.mark.parametrize("mark", [-1, 101, 250])
def test_quiz_pass_mark_outside_0_to_100_is_refused(mark):
    errors = _block_errors(QuizBlock(), quiz_value(pass_mark=mark))
    assert errors == {"pass_mark": [str(PASS_MARK_RANGE)]}


@pytest.mark.parametrize("mark", [0, 70, 100, None])
def test_quiz_pass_mark_inside_range_is_accepted(mark):
    block = QuizBlock()
    assert block.clean(block.to_python(quiz_value(pass_mark=mark)))["pass_mark"] == mark


def test_activity_without_competencies_is_refused():
    errors = _block_errors(
        PracticalActivityBlock(),
        {
            "title": "Count bees",
            "kind": "fieldwork",
            "instructions": "<p>Go.</p>",
            "evidence_kinds": ["photo"],
            "competencies": [],
        },
    )
    assert errors == {"competencies": [str(ACTIVITY_NEEDS_COMPETENCY)]}


def test_activity_with_a_competency_is_accepted():
    competency = CompetencyFactory()
    block = PracticalActivityBlock()
    value = block.to_python(
        {
            "title": "Count bees",
            "kind": "fieldwork",
            "instructions": "<p>Go.</p>",
            "evidence_kinds": ["photo"],
            "competencies": [{"type": "item", "id": "c1", "value": competency.pk}],
        }
    )
    assert list(block.clean(value)["competencies"]) == [competency]


def test_evidence_expected_is_a_set_of_checkboxes():
    """Trainers tick the kinds of evidence; no Ctrl-click in a multi-select."""
    block = PracticalActivityBlock().child_blocks["evidence_kinds"]
    assert isinstance(block.field.widget, forms.CheckboxSelectMultiple)
    html = block.field.widget.render("evidence_kinds", ["photo", "text"])
    assert html.count('type="checkbox"') == len(EvidenceKind.choices)
    assert "<select" not in html
    # Stored values stay a list of the same strings.
    assert block.clean(block.to_python(["photo", "text"])) == ["photo", "text"]


@pytest.fixture
def image():
    return get_image_model().objects.create(
        title="Tube on a lamp post", file=get_test_image_file()
    )


def test_image_needs_alt_text(image):
    errors = _block_errors(
        ImageBlock(), {"image": image.pk, "alt_text": " ", "caption": ""}
    )
    assert errors == {"alt_text": [str(ALT_TEXT_REQUIRED)]}


def test_decorative_image_needs_no_alt_text(image):
    block = ImageBlock()
    value = block.to_python({"image": image.pk, "alt_text": "", "decorative": True})
    assert block.clean(value)["decorative"] is True


@pytest.fixture
def cached_embed():
    """A stored embed, so that validating the URL needs no network."""
    url = "https://www.youtube.com/watch?v=x"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url, None, None),
        type="video",
        html='<iframe title="Intro"></iframe>',
        provider_name="YouTube",
    )
    return url


def test_video_needs_a_transcript(cached_embed):
    errors = _block_errors(
        VideoBlock(),
        {
            "title": "Intro",
            "video": "https://www.youtube.com/watch?v=x",
            "transcript": "",
        },
    )
    assert errors == {"transcript": [str(TRANSCRIPT_REQUIRED)]}


def _field_errors(page):
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    return excinfo.value.message_dict


def test_negative_effort_hours_are_refused(course_index):
    course = make_course(course_index)
    course.effort_hours = Decimal("-2")
    assert _field_errors(course)["effort_hours"] == [str(NEGATIVE_HOURS)]


def test_negative_validity_is_refused(course_index):
    course = make_course(course_index)
    course.certificate_validity_months = -6
    assert _field_errors(course)["certificate_validity_months"] == [
        str(NEGATIVE_VALIDITY)
    ]


@pytest.mark.parametrize("mark", [-5, 101])
def test_course_pass_mark_outside_range_is_refused(course_index, mark):
    course = make_course(course_index)
    course.certificate_pass_mark = mark
    assert _field_errors(course)["certificate_pass_mark"] == [
        str(PASS_MARK_OUT_OF_RANGE)
    ]


def test_negative_module_hours_are_refused(course_index):
    course = make_course(course_index)
    module = ModulePage(title="M", slug="m", introduction="<p>x</p>")
    course.add_child(instance=module)
    module.estimated_hours = Decimal("-1")
    assert _field_errors(module)["estimated_hours"] == [str(NEGATIVE_HOURS)]


def test_core_domain_cannot_be_added_as_course_specific(course_index):
    course = make_course(course_index)
    core = CompetencyDomainFactory(kind="core")
    with pytest.raises(ValidationError) as excinfo:
        CourseDomain(page=course, domain=core).full_clean(exclude=["page"])
    assert str(COURSE_SPECIFIC_ONLY) in excinfo.value.message_dict["domain"]


def test_admin_shows_the_message_and_saves_nothing(course_index):
    """Posting a course with negative hours re-displays the form with the message."""
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")

    client = Client()
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:add", args=("courses", "coursepage", course_index.pk)
    )
    data = nested_form_data(
        {
            "title": "Broken course",
            "slug": "broken-course",
            "summary": "x",
            "description": rich_text(""),
            "research_project_name": "P",
            "research_project_description": "",
            "research_project_url": "",
            "delivery_mode": "online",
            "language": "en",
            "location": "",
            "effort_hours": "-3",
            "image_alt": "",
            "partners": inline_formset([]),
            "course_domains": inline_formset([]),
            "certificate_pass_mark": "120",
            "certificate_min_attendance": "80",
            "certificate_validity_months": "-1",
            "learning_outcomes": streamfield([]),
            "eqf_level": "none",
            "assessment_type": "quizzes",
            "assessment_supervision": "none",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Hours cannot be negative." in content
    assert "enter a number from 0 to 100" in content
    assert "cannot be negative; leave it empty" in content
    assert not CoursePage.objects.filter(slug="broken-course").exists()
