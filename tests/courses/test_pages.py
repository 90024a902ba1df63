"""Page tree rules and creating every page type through the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.models import HomePage, StandardPage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from tests.courses.factories import (
    CompetencyFactory,
    make_course,
    make_course_index,
    make_module,
)

pytestmark = pytest.mark.django_db


def test_tree_rules():
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(HomePage.allowed_subpage_models()) == {CourseIndexPage, StandardPage}
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_parent_page_models() == [CoursePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_parent_page_models() == [ModulePage]
    assert LessonPage.allowed_subpage_models() == []


def test_lesson_cannot_go_directly_under_a_course(home):
    index = make_course_index(home)
    course = make_course(index)
    assert not LessonPage.can_create_at(course)
    assert not CoursePage.can_create_at(home)
    assert ModulePage.can_create_at(course)


class AdminCreationTests(WagtailPageTestCase):
    """A superuser creates each page type through the admin form."""

    @classmethod
    def setUpTestData(cls):
        cls.home = Site.objects.get(is_default_site=True).root_page.specific
        cls.index = make_course_index(cls.home)
        cls.course = make_course(cls.index)
        cls.competency = CompetencyFactory()
        cls.module = make_module(cls.course, competencies=[cls.competency])

    def setUp(self):
        self.user = get_user_model().objects.create_superuser(
            "boss", "boss@example.org", "pw"
        )
        self.client.force_login(self.user)

    def test_create_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About the academy",
                    "slug": "about",
                    "intro": "Who we are",
                    "body": streamfield([("text", rich_text("<p>Hello</p>"))]),
                }
            ),
        )

    def test_create_course_index(self):
        Page.objects.filter(id=self.index.id).delete()
        self.assertCanCreate(
            self.home,
            CourseIndexPage,
            nested_form_data(
                {"title": "Catalogue", "slug": "catalogue", "intro": rich_text("")}
            ),
        )

    def test_create_course(self):
        self.assertCanCreate(
            self.index,
            CoursePage,
            nested_form_data(
                {
                    "title": "Water quality",
                    "slug": "water-quality",
                    "summary": "Test rivers.",
                    "description": rich_text("<p>About rivers.</p>"),
                    "research_project_name": "River Watch",
                    "research_project_description": "",
                    "research_project_url": "",
                    "delivery_mode": "online",
                    "language": "en",
                    "location": "",
                    "effort_hours": "8",
                    "image_alt": "",
                    "partners": inline_formset([]),
                    "course_domains": inline_formset([]),
                    "certificate_pass_mark": "70",
                    "certificate_requires_evidence": "on",
                    "certificate_min_attendance": "80",
                    "certificate_validity_months": "",
                    "learning_outcomes": streamfield(
                        [("outcome", "Test a river for nitrates")]
                    ),
                    "ects_credits": "",
                    "eqf_level": "none",
                    "assessment_type": "quizzes",
                    "assessment_supervision": "none",
                }
            ),
        )

    def test_create_module(self):
        self.assertCanCreate(
            self.course,
            ModulePage,
            nested_form_data(
                {
                    "title": "Sampling",
                    "slug": "sampling",
                    "introduction": rich_text("<p>How to sample.</p>"),
                    "estimated_hours": "2",
                    "is_required": "on",
                    "module_competencies": inline_formset(
                        [{"competency": self.competency.pk}]
                    ),
                }
            ),
        )

    def test_create_lesson_with_every_block(self):
        data = nested_form_data(
            {
                "title": "Taking samples",
                "slug": "taking-samples",
                "summary": "",
                "estimated_minutes": "20",
                "body": streamfield(
                    [
                        ("text", rich_text("<p>Text</p>")),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Tip",
                                "body": rich_text("<p>Hi</p>"),
                            },
                        ),
                        ("reflection", {"prompt": "Why?", "guidance": ""}),
                        (
                            "quiz",
                            {
                                "title": "Check",
                                "intro": "",
                                "pass_mark": "80",
                                "max_attempts": "3",
                                "wait_minutes": "",
                                "feedback": "after_pass",
                                "shuffle": "on",
                                "competencies": streamfield([]),
                                "questions": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "question": "Pick one",
                                                "kind": "single",
                                                "options": streamfield(
                                                    [
                                                        (
                                                            "item",
                                                            {
                                                                "text": "A",
                                                                "is_correct": "on",
                                                                "feedback": "",
                                                            },
                                                        ),
                                                        (
                                                            "item",
                                                            {
                                                                "text": "B",
                                                                "feedback": "No",
                                                            },
                                                        ),
                                                    ]
                                                ),
                                            },
                                        )
                                    ]
                                ),
                            },
                        ),
                        (
                            "activity",
                            {
                                "title": "Go outside",
                                "kind": "fieldwork",
                                "instructions": rich_text("<p>Do it.</p>"),
                                "evidence_kinds": "photo",
                                "competencies": streamfield(
                                    [("item", self.competency.pk)]
                                ),
                                "estimated_minutes": "30",
                            },
                        ),
                    ]
                ),
            }
        )
        # A multiple choice field posts a list under one name.
        data["body-4-value-evidence_kinds"] = ["photo", "text"]
        self.assertCanCreate(self.module, LessonPage, data)
        lesson = LessonPage.objects.get(slug="taking-samples")
        assert [b.block_type for b in lesson.body] == [
            "text",
            "callout",
            "reflection",
            "quiz",
            "activity",
        ]
        quiz = lesson.body[3].value
        assert (quiz["max_attempts"], quiz["feedback"], quiz["shuffle"]) == (
            3,
            "after_pass",
            True,
        )


def test_the_way_on_leads_from_module_to_module(client, course_tree):
    """The last lesson of a module and the module page link to the next module;
    the last module's last lesson leads back to its module."""
    basics, practice, extra = course_tree["modules"]
    last_of_basics = client.get(course_tree["l2"].url).content.decode()
    assert f'rel="next" href="{practice.url}"' in last_of_basics
    assert "Next module: Practice" in last_of_basics
    assert (
        f'rel="next" href="{practice.url}"' in client.get(basics.url).content.decode()
    )
    last = client.get(course_tree["l4"].url).content.decode()
    assert "Next module" not in last and f"Back to {extra.title}" in last
    french = client.get(f"/fr{course_tree['l2'].url}").content.decode()
    assert "Module suivant : Practice" in french
