"""Trainers set a course's European micro-credential elements in the Wagtail admin
(the "Micro-credential" tab), and get clear messages for values that cannot be
right (decision 0032)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from courses.models import CoursePage
from courses.models.pages import ECTS_OUT_OF_RANGE
from tests.courses.factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def course_form(**overrides):
    data = {
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
        "effort_hours": "25",
        "image_alt": "",
        "partners": inline_formset([]),
        "course_domains": inline_formset([]),
        "certificate_pass_mark": "70",
        "certificate_requires_evidence": "on",
        "certificate_min_attendance": "80",
        "certificate_validity_months": "",
        "learning_outcomes": streamfield(
            [
                ("outcome", "Take a water sample without contaminating it"),
                ("outcome", "Read a nitrate test strip and record the result"),
            ]
        ),
        "ects_credits": "1",
        "eqf_level": "3",
        "assessment_type": "practical",
        "assessment_description": "A sampling report reviewed by a trainer",
        "assessment_supervision": "supervised_online",
        "assessment_identity_checked": "on",
        "quality_assurance": "Reviewed by the academy's programme board",
        "quality_assurance_url": "https://academy.example/quality",
        "awarding_body": "River Trust",
        "awarding_body_country": "IE",
        "prerequisites": "None",
        "stackability": "Stands alone",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("courses", "coursepage", index.pk))


def test_the_course_form_has_a_micro_credential_tab(admin_client, course_index):
    page = admin_client.get(add_url(course_index)).content.decode()
    assert "Micro-credential" in page
    assert "Notional workload in European Credit Transfer" in page  # help text
    assert "Learning outcomes" in page and "learning_outcomes" in page
    assert 'name="eqf_level"' in page and 'name="awarding_body_country"' in page


def test_a_trainer_creates_a_course_with_every_element(admin_client, course_index):
    response = admin_client.post(add_url(course_index), course_form())
    assert response.status_code == 302, response.content.decode()[-3000:]
    course = CoursePage.objects.get(slug="water-quality")
    assert [block.value for block in course.learning_outcomes] == [
        "Take a water sample without contaminating it",
        "Read a nitrate test strip and record the result",
    ]
    assert course.ects_credits == Decimal("1")
    assert course.eqf_level == "3"
    assert course.assessment_type == "practical"
    assert course.assessment_supervision == "supervised_online"
    assert course.assessment_identity_checked is True
    assert course.quality_assurance == "Reviewed by the academy's programme board"
    assert course.awarding_body == "River Trust"
    assert course.awarding_body_country == "IE"
    assert course.prerequisites == "None"
    assert course.stackability == "Stands alone"


def test_a_trainer_edits_the_elements(admin_client, course_index):
    course = make_course(course_index, slug="water-quality", title="Water quality")
    url = reverse("wagtailadmin_pages:edit", args=(course.pk,))
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            **course_form(ects_credits="0.5", eqf_level="none", awarding_body=""),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    course.refresh_from_db()
    assert course.ects_credits == Decimal("0.5")
    assert course.eqf_level == "none"
    assert course.awarding_body == ""


@pytest.mark.parametrize("credits", ["-1", "61"])
def test_credits_out_of_range_are_refused_with_a_clear_message(
    admin_client, course_index, credits
):
    response = admin_client.post(
        add_url(course_index), course_form(ects_credits=credits)
    )
    assert response.status_code == 200
    assert "ECTS credits are a number from 0 to 60" in response.content.decode()
    assert not CoursePage.objects.filter(slug="water-quality").exists()


def test_more_credits_than_the_hours_allow_are_refused(admin_client, course_index):
    response = admin_client.post(
        add_url(course_index), course_form(ects_credits="4", effort_hours="10")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "4 ECTS credits mean about 100 hours of learning" in content
    assert "the course takes 10 hours" in content
    assert not CoursePage.objects.filter(slug="water-quality").exists()


def test_an_unknown_eqf_level_or_country_is_refused(admin_client, course_index):
    response = admin_client.post(
        add_url(course_index), course_form(eqf_level="9", awarding_body_country="XX")
    )
    assert response.status_code == 200
    assert response.content.decode().count("Select a valid choice") == 2
    assert not CoursePage.objects.filter(slug="water-quality").exists()


def test_model_validation_names_the_field(course_index):
    course = make_course(course_index)
    course.ects_credits = Decimal("-0.5")
    with pytest.raises(ValidationError) as excinfo:
        course.full_clean()
    assert str(ECTS_OUT_OF_RANGE) in excinfo.value.message_dict["ects_credits"]


def test_the_elements_are_optional_for_a_course(admin_client, course_index):
    """Leaving every optional element empty is allowed: the certificate then
    says "not referenced" or leaves the element out."""
    response = admin_client.post(
        add_url(course_index),
        course_form(
            learning_outcomes=streamfield([]),
            ects_credits="",
            eqf_level="none",
            assessment_description="",
            assessment_identity_checked="",
            quality_assurance="",
            quality_assurance_url="",
            awarding_body="",
            awarding_body_country="",
            prerequisites="",
            stackability="",
        ),
    )
    assert response.status_code == 302
    course = CoursePage.objects.get(slug="water-quality")
    assert course.ects_credits is None and len(course.learning_outcomes) == 0


def test_the_course_api_states_the_elements(course_index):
    course = make_course(
        course_index,
        learning_outcomes=[("outcome", "Take a water sample")],
        ects_credits=Decimal("0.5"),
        eqf_level="3",
        quality_assurance="Programme board",
        awarding_body_country="IE",
    )
    response = APIClient().get(f"/api/v1/courses/{course.pk}")
    elements = response.json()["micro_credential"]
    assert elements["learning_outcomes"] == ["Take a water sample"]
    assert elements["ects_credits"] == "0.5"
    assert elements["eqf_level"] == "3"
    assert elements["assessment_type"] == "quizzes_and_practical"
    assert elements["quality_assurance"] == "Programme board"
    assert elements["awarding_body_country"] == "IE"
