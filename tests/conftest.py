import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms.services import EDITORS, TRAINERS, academy_roles_setup
from tests.courses.factories import make_course_index


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
def editor(roles):
    return _user("editor", EDITORS)


@pytest.fixture
def superuser(db):
    return _user("admin", is_superuser=True, is_staff=True)
