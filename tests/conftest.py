import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from cms.services import EDITORS, TRAINERS, academy_roles_setup
from tests.courses.factories import make_course_index


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist (``-n``, ``--dist loadgroup``) the translation tests run
    in one worker, and the browser tests all run, first, in one worker: they
    share its demo academy server, and two Chromiums at once would only slow
    each other down. Other tests go to whichever worker is free. (Under pytest
    9.2 an ``xdist_group`` mark no longer groups anything: pytest-xdist issue
    1386.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserTestsTogether(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            # The translation tests run makemessages, which writes temporary
            # copies of the templates beside them: one worker at a time.
            for together in ("tests/browser/", "tests/academy/test_translations.py"):
                if nodeid.startswith(together):
                    return together
            return super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)


def stand_in_pdf(document) -> bytes:
    """A one-page, unsealed PDF that says it stands in for the certificate.

    The certificate's HTML (template, snapshot, QR code) is still rendered;
    only WeasyPrint and the seal, about two seconds a certificate, are skipped.
    """
    from certificates.rendering import render_html

    render_html(document)
    text = f"Stand-in for certificate {document.code_display}"
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture(autouse=True)
def _certificate_pdf(request, monkeypatch):
    """Certificates get a stand-in PDF unless the test is about the PDF.

    Every completed course issues a certificate, and rendering, sealing and
    signing a real one takes about two seconds. Tests marked ``pdf`` (or using
    the ``real_pdf`` fixture) get the real WeasyPrint render and PAdES seal;
    every other test gets ``stand_in_pdf``, unsealed. The Open Badges
    credential is always really signed.
    """
    if request.node.get_closest_marker("pdf") or "real_pdf" in request.fixturenames:
        return
    # Where they are called from: ``from … import`` binds the name there.
    monkeypatch.setattr("certificates.services.render_pdf", stand_in_pdf)
    monkeypatch.setattr("certificates.services.seal_pdf", lambda pdf, **kw: pdf)


@pytest.fixture
def real_pdf():
    """Render, seal and sign the real certificate PDF (see ``_certificate_pdf``)."""


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
def _default_language():
    """Every test starts in the default language: a request in another one
    leaves it active in the thread (the locale middleware sets it and nothing
    resets it), and lazy messages would read in that language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: no page, route, version token or
    rate-limit count left by another test (the local-memory cache also culls a
    third of its entries at random once it holds 300)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def served(db):
    """GET through the academy's WSGI application as a server runs it (the
    verification cache in front of Django, ``academy/wsgi.py``), which the test
    client skips: ``served("/verify/CODE/", headers={...}, secure=True)`` gives
    ``(status, headers, body)``."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from academy.testing import served_get

    def get(*args, **kwargs):
        # As the test client does around each request (and reconnects after
        # it): the test's transaction keeps its connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            return served_get(*args, **kwargs)
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return get


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
def french_site(course_index):
    """French, with the home page and the catalogue translated and no course:
    every course is untranslated in French (decision 0033)."""
    from wagtail.models import Locale

    from tests.courses.factories import translate

    french = Locale.objects.create(language_code="fr")
    home_fr = translate(course_index.get_parent().specific, french, title="Accueil")
    index_fr = translate(course_index, french, title="Formations")
    return {"locale": french, "home": home_fr, "index": index_fr}


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
