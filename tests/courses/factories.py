"""Factories for the competency framework, cohorts and progress, and helpers
that build page trees.

Pages are created the Wagtail way (``add_child`` then ``publish``), so tests see
the same tree, revisions and URLs as trainers do.
"""

import io
import uuid
from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from wagtail.models import Locale, Page

from courses.models import (
    Attendance,
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PartnerOrganisation,
)
from tests.accounts.factories import PASSWORD, UserFactory


def default_locale():
    return Locale.get_default()


class CompetencyDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyDomain

    name = factory.Sequence(lambda n: f"Domain {n}")
    slug = factory.Sequence(lambda n: f"domain-{n}")
    description = "A domain of competencies used in tests."
    kind = "course"
    sort_order = factory.Sequence(lambda n: 200 + n)
    locale = factory.LazyFunction(default_locale)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    code = factory.Sequence(lambda n: f"T-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    description = "Something a learner can do."
    domain = factory.SubFactory(CompetencyDomainFactory)
    locale = factory.LazyFunction(default_locale)


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_course_index(home: Page, **kwargs) -> CourseIndexPage:
    kwargs.setdefault("title", "Courses")
    kwargs.setdefault("slug", "courses")
    return publish(home, CourseIndexPage(**kwargs))


def make_course(index: Page, **kwargs) -> CoursePage:
    n = uuid.uuid4().hex[:6]
    kwargs.setdefault("title", f"Course {n}")
    kwargs.setdefault("slug", f"course-{n}")
    kwargs.setdefault("summary", "A course for tests.")
    kwargs.setdefault("research_project_name", "Test project")
    kwargs.setdefault("effort_hours", Decimal("10"))
    return publish(index, CoursePage(**kwargs))


def make_module(course: Page, competencies=(), **kwargs) -> ModulePage:
    n = uuid.uuid4().hex[:6]
    kwargs.setdefault("title", f"Module {n}")
    kwargs.setdefault("slug", f"module-{n}")
    kwargs.setdefault("introduction", "<p>Introduction.</p>")
    module = ModulePage(**kwargs)
    module.module_competencies = [ModuleCompetency(competency=c) for c in competencies]
    return publish(course, module)


def quiz_value(*, pass_mark=None, questions=None):
    """Raw quiz block data with stable ids: q1 (single), q2 (multiple)."""
    if questions is None:
        questions = [
            {
                "type": "item",
                "id": "q1",
                "value": {
                    "question": "Which gas do diffusion tubes measure?",
                    "kind": "single",
                    "options": [
                        {
                            "type": "item",
                            "id": "q1a",
                            "value": {
                                "text": "Nitrogen dioxide",
                                "is_correct": True,
                                "feedback": "Right, NO2.",
                            },
                        },
                        {
                            "type": "item",
                            "id": "q1b",
                            "value": {
                                "text": "Oxygen",
                                "is_correct": False,
                                "feedback": "Oxygen is not a pollutant.",
                            },
                        },
                    ],
                },
            },
            {
                "type": "item",
                "id": "q2",
                "value": {
                    "question": "Which are pollinators?",
                    "kind": "multiple",
                    "options": [
                        {
                            "type": "item",
                            "id": "q2a",
                            "value": {
                                "text": "Bumblebee",
                                "is_correct": True,
                                "feedback": "",
                            },
                        },
                        {
                            "type": "item",
                            "id": "q2b",
                            "value": {
                                "text": "Hoverfly",
                                "is_correct": True,
                                "feedback": "",
                            },
                        },
                        {
                            "type": "item",
                            "id": "q2c",
                            "value": {
                                "text": "Spider",
                                "is_correct": False,
                                "feedback": "Spiders eat pollinators.",
                            },
                        },
                    ],
                },
            },
        ]
    return {
        "title": "Check yourself",
        "intro": "",
        "pass_mark": pass_mark,
        "competencies": [],
        "questions": questions,
    }


def make_lesson(module: Page, body=None, **kwargs) -> LessonPage:
    n = uuid.uuid4().hex[:6]
    kwargs.setdefault("title", f"Lesson {n}")
    kwargs.setdefault("slug", f"lesson-{n}")
    if body is None:
        body = [
            {"type": "text", "value": "<p>Lesson text.</p>", "id": str(uuid.uuid4())}
        ]
    return publish(module, LessonPage(body=body, **kwargs))


def make_user(username, *, name=None, email=None, password=PASSWORD):
    """A user with a verified e-mail address and a profile (``UserFactory``)."""
    extra = {"name": name} if name else {}
    if email:
        extra["email"] = email
    return UserFactory(username=username, password=password, **extra)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    locale = factory.LazyFunction(default_locale)


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort of ``course`` (required: a published ``CoursePage``);
    ``trainers=[...]`` run it."""

    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = date(2026, 9, 1)

    @factory.post_generation
    def trainers(cohort, create, extracted, **kwargs):
        if create:  # a parental many-to-many: written by save()
            cohort.trainers.add(*(extracted or ()))
            cohort.save()


class CohortSessionFactory(factory.django.DjangoModelFactory):
    """An in-person session of ``cohort`` (required), starting ``starts_at``."""

    class Meta:
        model = CohortSession

    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(timezone.now)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """An active enrolment row. Tests of enrolling itself call
    ``courses.services.enrolment_create``."""

    class Meta:
        model = Enrolment

    cohort = None
    learner = factory.SubFactory(UserFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = None
    learner = factory.SubFactory(UserFactory)
    present = True


def make_cohort(course, *, trainers=(), sessions=(), **kwargs):
    """A cohort of ``course``; ``sessions`` are datetimes of in-person sessions."""
    cohort = CohortFactory(course=course, trainers=list(trainers), **kwargs)
    for number, starts_at in enumerate(sessions, start=1):
        CohortSessionFactory(
            cohort=cohort, title=f"Session {number}", starts_at=starts_at
        )
    return cohort


def activity_value(competency, *, kinds=("text", "photo")):
    return {
        "title": "Photograph your site",
        "kind": "fieldwork",
        "instructions": "<p>Take a photo.</p>",
        "evidence_kinds": list(kinds),
        "competencies": [{"type": "item", "id": "c1", "value": competency.pk}],
    }


def png(name="site.png"):
    """A real (tiny) PNG upload."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def assert_evidence_served_only_to_its_people(
    client, submission, *, course, learner, other_learner, trainer
):
    """Anonymous: sign in first; another learner, or a trainer of another
    cohort: 404; the learner and their cohort's trainer: the file, as a
    download that cannot run in the page."""
    url = f"/learn/evidence/{submission.files.get().public_id}/"
    assert client.get(url).status_code == 302
    client.force_login(other_learner)
    assert client.get(url).status_code == 404
    stranger = make_user("stranger")
    make_cohort(course, trainers=[stranger])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    for user in (learner, trainer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/octet-stream"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def translate(page: Page, locale: Locale, **fields) -> Page:
    """A published translation of ``page`` (whose parent is translated) into
    ``locale``, with ``fields`` changed, as wagtail-localize makes one."""
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def translate_snippet(obj, locale: Locale, **fields):
    """A saved translation of a translatable snippet (a domain, a competency)."""
    translation = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation
