import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms.services import EDITORS, TRAINERS, academy_roles_setup
from tests.courses.factories import make_course_index


@pytest.fixture(scope="session")
def key_files(tmp_path_factory):
    """A set of the academy's keys, as `create_academy_keys` writes them (what
    production settings require), by setting name."""
    from certificates.keys import create_key_set

    paths = create_key_set(tmp_path_factory.mktemp("keys"), organisation="Test")
    return {name: str(path) for name, path in paths.items()}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no page, route, version token or
    rate-limit count left by another test (the local-memory cache also culls a
    third of its entries at random once it holds 300)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def home(db) -> Page:
    """The home page the migrations create for the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def course_index(home):
    return make_course_index(home)


@pytest.fixture
def roles(db):
    return academy_roles_setup()


def _user(username, group=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def trainer(roles):
    return _user("trainer", TRAINERS)


@pytest.fixture
def other_trainer(roles):
    """A second trainer, who runs none of ``trainer``'s cohorts."""
    from tests.courses.factories import make_user

    user = make_user("tomas", name="Tomas Dubois")
    user.groups.add(Group.objects.get(name=TRAINERS))
    return user


@pytest.fixture
def editor(roles):
    return _user("editor", EDITORS)


@pytest.fixture
def superuser(db):
    return _user("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def course_tree(course_index):
    """A small course: M1 (L1 text, L2 quiz), M2 (L3 activity), optional M3 (L4).

    Rule: quiz pass mark 50, approved evidence required, no attendance.
    """
    from tests.courses.factories import (
        CompetencyFactory,
        activity_value,
        make_course,
        make_lesson,
        make_module,
        quiz_value,
    )

    competency = CompetencyFactory(code="FW-T", name="Photograph a site")
    course = make_course(
        course_index,
        title="River watch",
        slug="river-watch",
        certificate_pass_mark=50,
        certificate_requires_evidence=True,
    )
    m1 = make_module(course, competencies=[competency], title="Basics", slug="basics")
    m2 = make_module(
        course, competencies=[competency], title="Practice", slug="practice"
    )
    m3 = make_module(course, title="Extra", slug="extra", is_required=False)
    quiz = quiz_value()
    quiz["competencies"] = [{"type": "item", "id": "qc", "value": competency.pk}]
    tree = {
        "course": course,
        "competency": competency,
        "modules": [m1, m2, m3],
        "l1": make_lesson(m1, title="Reading", slug="reading"),
        "l2": make_lesson(
            m1,
            title="Quiz",
            slug="quiz",
            body=[{"type": "quiz", "value": quiz, "id": "quiz1"}],
        ),
        "l3": make_lesson(
            m2,
            title="Fieldwork",
            slug="fieldwork",
            body=[
                {"type": "activity", "value": activity_value(competency), "id": "act1"}
            ],
        ),
        "l4": make_lesson(m3, title="Extra reading", slug="extra-reading"),
    }
    return tree


@pytest.fixture
def learner(db):
    from tests.courses.factories import make_user

    return make_user("amina", name="Amina Haddad")


@pytest.fixture
def other_learner(db):
    from tests.courses.factories import make_user

    return make_user("jonas", name="Jonas Kazlauskas")


@pytest.fixture
def cohort(course_tree, trainer):
    from tests.courses.factories import make_cohort

    return make_cohort(course_tree["course"], trainers=[trainer], name="Autumn")


@pytest.fixture
def enrolled(cohort, learner):
    from courses.services import enrolment_create

    return enrolment_create(cohort=cohort, learner=learner)


CORRECT = {"q-q1": "q1a", "q-q2": ["q2a", "q2b"]}
