"""A translated catalogue lists every course, translated or not; domain pages
count them; and what a learner does on an untranslated page under another
language's address counts for the one course (issue 18, decision 0033)."""

import pytest

from accounts.models import Notification
from cms.i18n import addresses_in
from courses.choices import ReviewDecision
from courses.models import Enrolment, EvidenceSubmission, LessonCompletion, QuizAttempt
from courses.selectors import learner_course_progress
from courses.services import enrolment_create, evidence_review, evidence_submit
from tests.conftest import CORRECT
from tests.courses.factories import (
    CompetencyFactory,
    make_cohort,
    make_course,
    make_lesson,
    make_module,
    translate,
    translate_snippet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_courses(course_tree, course_index, french_site):
    """River watch (untranslated), Bird count (translated into French, module
    and lesson too) and Tree survey (untranslated); all three develop the
    fieldwork domain, which is translated."""
    french = french_site["locale"]
    competency = course_tree["competency"]
    domain_fr = translate_snippet(competency.domain, french, name="Travail de terrain")
    birds = make_course(course_index, title="Bird count", slug="bird-count")
    birds_module = make_module(
        birds, competencies=[competency], title="Counting", slug="counting"
    )
    birds_lesson = make_lesson(birds_module, title="Timed counts", slug="timed")
    trees = make_course(course_index, title="Tree survey", slug="tree-survey")
    make_lesson(
        make_module(trees, competencies=[competency], title="Trees", slug="trees"),
        title="Measuring",
        slug="measuring",
    )
    birds_fr = translate(birds, french, title="Comptage des oiseaux")
    translate(birds_module, french, title="Compter")
    translate(birds_lesson, french, title="Comptages minutés")
    return {
        "river": course_tree["course"],
        "birds": birds,
        "birds_fr": birds_fr,
        "trees": trees,
        "domain": competency.domain,
        "domain_fr": domain_fr,
    }


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_french_catalogue_lists_all_three_courses(client, three_courses):
    content = html(client.get("/fr/courses/"))
    assert "3 formations" in content
    assert (
        'href="/fr/courses/river-watch/" lang="en">River watch</a>' in content
    )  # untranslated: English, marked, under /fr/
    assert 'href="/fr/courses/tree-survey/" lang="en">Tree survey</a>' in content
    assert 'href="/fr/courses/bird-count/">Comptage des oiseaux</a>' in content
    assert "Bird count" not in content  # never both the original and translation
    assert content.index("River watch") < content.index("Comptage")  # source order


def test_the_french_catalogue_filters_untranslated_courses_by_domain(
    client, three_courses
):
    slug = three_courses["domain"].slug
    content = html(client.get(f"/fr/courses/?domain={slug}"))
    assert "3 formations" in content
    assert content.count("Travail de terrain</li>") == 3  # each card's domain tag


@pytest.mark.parametrize("code", ["lt", "el"])
def test_untranslated_catalogues_link_under_their_language(client, three_courses, code):
    content = html(client.get(f"/{code}/courses/"))
    main = content.split('<main id="main-content"', 1)[1]
    for slug in ("river-watch", "bird-count", "tree-survey"):
        assert f'href="/{code}/courses/{slug}/"' in main
    assert 'href="/courses/' not in main


def test_french_domain_pages_count_and_list_untranslated_courses(client, three_courses):
    domains = html(client.get("/fr/courses/domains/"))
    card = domains.split(">Travail de terrain</a>", 1)[1].split("</li>", 1)[0]
    assert "· 3 formations" in card
    slug = three_courses["domain"].slug
    detail = html(client.get(f"/fr/courses/domains/{slug}/"))
    assert "<h1>Travail de terrain</h1>" in detail
    for title in ("River watch", "Comptage des oiseaux", "Tree survey"):
        assert title in detail
    assert 'href="/fr/courses/tree-survey/trees/"' in detail


def test_the_french_home_page_features_untranslated_courses(client, three_courses):
    content = html(client.get("/fr/"))
    for title in ("River watch", "Comptage des oiseaux", "Tree survey"):
        assert title in content


def test_enrolling_and_learning_on_an_untranslated_page_counts_for_the_course(
    client, course_tree, french_site, cohort, learner
):
    course = course_tree["course"]
    client.force_login(learner)
    page = html(client.get(f"/fr{course.url}"))
    assert f"/fr/learn/cohorts/{cohort.code}/enrol/" in page
    response = client.post(f"/fr/learn/cohorts/{cohort.code}/enrol/")
    assert response.status_code == 302
    assert response["Location"] == f"/fr{course.url}"
    assert Enrolment.objects.filter(learner=learner, cohort=cohort).exists()

    lesson = course_tree["l1"]
    response = client.post(f"/fr{lesson.url}complete/")
    assert response.status_code == 302
    assert response["Location"] == f"/fr{course_tree['l2'].url}"  # stays French
    completion = LessonCompletion.objects.get(learner=learner)
    assert completion.lesson_id == lesson.id  # the one page, not a copy

    response = client.post(f"/fr{course_tree['l2'].url}quiz/quiz1/", CORRECT)
    assert response.status_code == 200
    assert QuizAttempt.objects.get(learner=learner).lesson_id == course_tree["l2"].id

    response = client.post(
        f"/fr{course_tree['l3'].url}evidence/act1/",
        {"text": "Photographed the site at dawn."},
    )
    assert response.status_code in (200, 302)
    assert EvidenceSubmission.objects.get(learner=learner).lesson_id == (
        course_tree["l3"].id
    )

    progress = learner_course_progress(learner=learner, course=course)
    english = html(client.get(lesson.url))
    assert "You have completed this lesson." in english  # the same record
    assert progress is not None


def test_progress_in_a_translated_course_joins_the_original(
    client, course_tree, french_site, cohort, learner
):
    """A learner enrolled in the original who opens the French translation of
    a lesson records progress against the course they are enrolled in."""
    enrolment_create(cohort=cohort, learner=learner)
    french = french_site["locale"]
    course_fr = translate(course_tree["course"], french, title="Veille des rivières")
    module_fr = translate(course_tree["modules"][0], french)
    lesson_fr = translate(course_tree["l1"], french)
    client.force_login(learner)
    assert lesson_fr.url == f"/fr{course_tree['l1'].url}"
    assert client.post(f"{lesson_fr.url}complete/").status_code == 302
    completion = LessonCompletion.objects.get(learner=learner)
    assert completion.lesson_id == course_tree["l1"].id
    assert course_fr.pk != course_tree["course"].pk and module_fr.live


def test_another_cohort_of_an_untranslated_course_is_offered_in_french(
    client, course_tree, french_site, trainer
):
    make_cohort(course_tree["course"], trainers=[trainer], name="Printemps")
    assert "Printemps" in html(client.get(f"/fr{course_tree['course'].url}"))


def test_untranslated_competencies_show_on_untranslated_pages(
    client, course_tree, french_site
):
    competency = CompetencyFactory(code="FW-X", name="Label a sample")
    make_module(
        course_tree["course"], competencies=[competency], title="Lab", slug="lab"
    )
    content = html(client.get(f"/fr{course_tree['course'].url}"))
    assert "Label a sample" in content


def test_a_review_notification_links_in_the_learners_language(
    course_tree,
    french_site,
    learner,
    enrolled,
    trainer,
    django_capture_on_commit_callbacks,
):
    """Whoever reviews, in whatever language, the learner's link to the lesson
    is in the learner's language."""
    learner.profile.preferred_language = "lt"
    learner.profile.save()
    lesson = course_tree["l3"]
    submission = evidence_submit(
        learner=learner, lesson=lesson, block_id="act1", text="v1"
    )
    with (
        addresses_in("fr"),  # a trainer using the French interface
        django_capture_on_commit_callbacks(execute=True),
    ):
        evidence_review(
            submission=submission, reviewer=trainer, decision=ReviewDecision.APPROVED
        )
    notification = Notification.objects.get(user=learner, kind=Notification.Kind.REVIEW)
    assert notification.url == f"/lt{lesson.url}"


def test_an_untranslated_course_names_the_translated_framework_in_french(
    client, three_courses, french_site, course_tree
):
    competency = course_tree["competency"]
    translate_snippet(
        competency,
        french_site["locale"],
        name="Photographier un site",
        domain=three_courses["domain_fr"],
    )
    for url in (course_tree["course"].url, course_tree["modules"][0].url):
        content = html(client.get(f"/fr{url}"))
        assert "Photographier un site" in content
        assert "Travail de terrain" in content
        assert competency.name not in content
    english = html(client.get(course_tree["course"].url))
    assert competency.name in english and "Photographier" not in english
