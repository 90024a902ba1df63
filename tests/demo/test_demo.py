"""The demo academy loads completely and loading it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision
from wagtail.search.models import IndexEntry

from courses.models import (
    Cohort,
    Competency,
    CompetencyDomain,
    CoursePage,
    EvidenceSubmission,
    LessonPage,
    ModulePage,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "domains": CompetencyDomain.objects.count(),
        "competencies": Competency.objects.count(),
        "users": get_user_model().objects.count(),
    }


def load(out, capture):
    # Tests run inside a transaction; run the on-commit publishing that
    # wagtail-localize schedules, as a real commit would.
    with capture(execute=True):
        call_command("load_demo_academy", stdout=out)


def test_demo_academy_is_complete_and_idempotent(
    client, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    load(out, django_capture_on_commit_callbacks)
    output = out.getvalue()
    assert "Course 1/4" in output and "Course 4/4" in output
    assert "academy-demo-2026" in output
    first = snapshot()

    english = CoursePage.objects.filter(locale__language_code="en")
    assert english.count() == 4
    for course in english:
        modules = ModulePage.objects.child_of(course)
        assert 3 <= modules.count() <= 5, course.title
        for module in modules:
            lessons = LessonPage.objects.child_of(module)
            assert 3 <= lessons.count() <= 6, module.title
            assert module.module_competencies.exists()
        kinds = {
            block.block_type
            for lesson in LessonPage.objects.descendant_of(course)
            for block in lesson.body
        }
        assert {"text", "quiz", "activity"} <= kinds, course.title

    # A French translation exists and is served.
    french_course = CoursePage.objects.get(locale__language_code="fr")
    assert french_course.title == "Surveiller la qualité de l'air dans son quartier"
    response = client.get(french_course.url)
    assert response.status_code == 200
    assert "Méthodes de recherche" in response.content.decode()
    assert Page.find_problems() == ([], [], [], [], [])

    # Lessons link to downloadable resources that download.
    documents = get_document_model().objects.all()
    assert documents.count() == 3
    for document in documents:
        download = client.get(document.url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content)

    again = io.StringIO()
    load(again, django_capture_on_commit_callbacks)
    assert "(0 new objects)" in again.getvalue()
    assert "already there" in again.getvalue()
    assert snapshot() == first

    users = get_user_model().objects
    assert users.get(username="trainer").groups.filter(name="Trainers").exists()
    assert users.get(username="editor").groups.filter(name="Editors").exists()
    assert users.filter(username__startswith="learner").count() == 3


def test_the_demo_shows_the_enrolment_options_and_several_evidence_files(
    client, django_capture_on_commit_callbacks
):
    load(io.StringIO(), django_capture_on_commit_callbacks)
    users = get_user_model().objects
    jonas = users.get(username="learner2")
    weekend = Cohort.objects.get(name="Botanical garden weekend cohort")
    assert weekend.enrolments.active().count() == weekend.capacity == 1
    assert list(weekend.enrolments.waiting().values_list("learner", flat=True)) == [
        jonas.pk
    ]
    east = Cohort.objects.get(name="East district cohort")
    assert east.requires_approval
    assert list(east.enrolments.pending().values_list("learner", flat=True)) == [
        jonas.pk
    ]
    campaign = CoursePage.objects.get(
        slug="air-quality-campaigns", locale__language_code="en"
    )
    assert [c.slug for c in campaign.required_courses.all()] == [
        "air-quality-monitoring"
    ]

    biodiversity = client.get("/courses/urban-biodiversity-survey/").content.decode()
    assert "full — join the waiting list (1 waiting)" in biodiversity
    health = client.get("/courses/community-health-inequality/").content.decode()
    assert "requires a trainer’s approval" in health
    client.force_login(users.get(username="learner1"))
    page = client.get(campaign.url).content.decode()
    assert "Requires the certificate of:" in page

    # Amina's site record: a data file and two photos, waiting for review,
    # with previews the trainer sees.
    (submission,) = EvidenceSubmission.objects.filter(
        learner__username="learner1", status="submitted"
    )
    files = list(submission.files.all())
    assert [f.content_type for f in files] == ["text/csv", "image/jpeg", "image/jpeg"]
    assert [f.preview_status for f in files] == ["none", "ready", "ready"]
    client.force_login(users.get(username="trainer"))
    review = client.get(f"/trainer/reviews/{submission.public_id}/").content.decode()
    assert review.count('class="evidence-preview"') == 2
    assert "Download site-record.csv" in review


def test_every_demo_page_renders(client, django_capture_on_commit_callbacks):
    load(io.StringIO(), django_capture_on_commit_callbacks)
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_the_demo_leaves_the_search_index_up_to_date(
    client, django_capture_on_commit_callbacks
):
    """Loading the demo again indexes what an earlier run left unindexed."""
    load(io.StringIO(), django_capture_on_commit_callbacks)
    IndexEntry.objects.all().delete()
    load(io.StringIO(), django_capture_on_commit_callbacks)
    english = client.get("/courses/search/?q=pollinators").content.decode()
    assert "Urban Biodiversity Survey" in english
    assert "<mark>pollinators</mark>" in english
    french = client.get("/fr/courses/search/?q=dioxyde").content.decode()
    assert "<mark>dioxyde</mark>" in french
    assert 'href="/fr/courses/air-quality-monitoring/' in french
