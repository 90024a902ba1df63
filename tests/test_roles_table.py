"""The role table of decision 0026, on every surface: site, API and Wagtail admin.

One row per action and surface: the address (filled in from the objects of
``world``), the roles that may do it, and for a write what it leaves behind.
Every role is tried on every row; a write runs inside a savepoint that is rolled
back, so each role starts from the same state. Outcomes: "ok" (2xx, or a
redirect that is not to a sign-in page, and for a write its effect); "login"
(sent to sign in); "denied" (401, 403 or 404, or Wagtail's redirect to the
dashboard: nothing revealed, and nothing written).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke
from courses.models import CohortSession
from courses.services import enrolment_create, evidence_submit
from tests.api.conftest import token_for
from tests.courses.factories import make_cohort, make_user, png

pytestmark = pytest.mark.django_db

ANONYMOUS, LEARNER, OTHER_LEARNER = "anonymous", "learner", "other_learner"
TRAINER, OTHER_TRAINER = "trainer", "other_trainer"
EDITOR, SUPERUSER = "editor", "superuser"
ROLES = [ANONYMOUS, LEARNER, OTHER_LEARNER, TRAINER, OTHER_TRAINER, EDITOR, SUPERUSER]
SIGNED_IN = ROLES[1:]
STAFF = (TRAINER, OTHER_TRAINER, EDITOR, SUPERUSER)
MANAGERS = (TRAINER, EDITOR, SUPERUSER)  # of the cohort: its trainer, and editors


@dataclass
class Row:
    action: str
    surface: str  # "site", "api" or "admin"
    method: str
    url: str
    ok: tuple
    data: dict = field(default_factory=dict)
    done: object = None  # for a write: world -> bool, did it happen?
    login: bool = True  # does the site send anonymous visitors to sign in?

    @property
    def id(self):
        return f"{self.surface} {self.method} {self.action}"


def _revoked(world):
    world["certificate"].refresh_from_db()
    return world["certificate"].revoked_at is not None


def _issued(world):
    return world["unissued"].certificates.exists()


def _reissued(world):
    return Certificate.objects.filter(replaces=world["revoked"]).exists()


def _reviewed(world):
    world["evidence"].refresh_from_db()
    return world["evidence"].status == "approved"


def _enrolled(world):
    return world["cohort"].enrolments.filter(learner__email="new@example.org").exists()


def _present(world):
    return world["session"].attendance.filter(present=True).exists()


ROLE_TABLE = [
    # everyone: their own things
    Row("dashboard", "site", "get", "/learn/", SIGNED_IN),
    Row("profile", "site", "get", "/account/profile/", SIGNED_IN),
    Row("profile", "api", "get", "/api/v1/me", SIGNED_IN),
    Row("verify", "site", "get", "/verify/{certificate}/", ROLES, login=False),
    Row("verify", "api", "get", "/api/v1/verify/{certificate}", ROLES),
    Row("own enrolment", "api", "get", "/api/v1/me/enrolments/{cohort}", (LEARNER,)),
    Row("own progress", "api", "get", "/api/v1/me/progress/{course}", (LEARNER,)),
    # view and manage a cohort
    Row("list cohorts", "api", "get", "/api/v1/cohorts", STAFF),
    Row("view cohort", "site", "get", "/trainer/cohorts/{cohort}/", MANAGERS),
    Row("view cohort", "api", "get", "/api/v1/cohorts/{cohort}", MANAGERS),
    Row("view cohort", "admin", "get", "/admin/cohorts/edit/{cohort_pk}/", MANAGERS),
    Row("list cohorts", "admin", "get", "/admin/cohorts/", STAFF),
    Row(
        "export progress",
        "site",
        "get",
        "/trainer/cohorts/{cohort}/export.csv",
        MANAGERS,
    ),
    Row("progress", "api", "get", "/api/v1/cohorts/{cohort}/progress", MANAGERS),
    Row("learners", "api", "get", "/api/v1/cohorts/{cohort}/enrolments", MANAGERS),
    Row("enrol", "site", "get", "/trainer/cohorts/{cohort}/enrol/", MANAGERS),
    Row(
        "enrol",
        "api",
        "post",
        "/api/v1/cohorts/{cohort}/enrolments",
        MANAGERS,
        data={"people": [{"email": "new@example.org", "name": "New"}]},
        done=_enrolled,
    ),
    Row(
        "take attendance",
        "site",
        "post",
        "/trainer/cohorts/{cohort}/sessions/{session}/",
        MANAGERS,
        data={"present": ["{learner_id}"]},
        done=_present,
    ),
    Row(
        "take attendance",
        "api",
        "put",
        "/api/v1/cohorts/{cohort}/sessions/{session}/attendance",
        MANAGERS,
        data={"present": ["{learner_id}"]},
        done=_present,
    ),
    # review evidence
    Row(
        "evidence file",
        "site",
        "get",
        "/learn/evidence/{evidence_file}/",
        (LEARNER, *MANAGERS),
    ),
    Row(
        "evidence preview",
        "site",
        "get",
        "/learn/evidence/{evidence_file}/preview.jpg",
        (LEARNER, *MANAGERS),
    ),
    Row("review", "site", "get", "/trainer/reviews/{evidence}/", MANAGERS),
    Row("review", "api", "get", "/api/v1/reviews/{evidence}", MANAGERS),
    Row(
        "review",
        "site",
        "post",
        "/trainer/reviews/{evidence}/",
        MANAGERS,
        data={"decision": "approved"},
        done=_reviewed,
    ),
    Row(
        "review",
        "api",
        "post",
        "/api/v1/reviews/{evidence}",
        MANAGERS,
        data={"decision": "approved"},
        done=_reviewed,
    ),
    # certificates: issue, revoke, re-issue, download, the register
    Row(
        "cohort certificates",
        "site",
        "get",
        "/trainer/cohorts/{cohort}/certificates/",
        MANAGERS,
    ),
    Row(
        "issue certificate",
        "site",
        "post",
        "/trainer/cohorts/{cohort}/learners/{unissued_id}/certificate/",
        MANAGERS,
        data={"reason": "Assessed in person"},
        done=_issued,
    ),
    Row(
        "issue certificate",
        "api",
        "post",
        "/api/v1/certificates",
        MANAGERS,
        data={
            "cohort": "{cohort}",
            "learner": "{unissued_id}",
            "reason": "Assessed in person",
        },
        done=_issued,
    ),
    Row(
        "revoke certificate",
        "site",
        "post",
        "/certificates/{certificate}/revoke/",
        MANAGERS,
        data={"reason": "Issued in error"},
        done=_revoked,
    ),
    Row(
        "revoke certificate",
        "api",
        "post",
        "/api/v1/certificates/{certificate}/revoke",
        MANAGERS,
        data={"reason": "Issued in error"},
        done=_revoked,
    ),
    Row(
        "reissue certificate",
        "site",
        "post",
        "/certificates/{revoked}/reissue/",
        MANAGERS,
        data={"reason": "Name corrected"},
        done=_reissued,
    ),
    Row(
        "download certificate",
        "site",
        "get",
        "/certificates/{certificate}/pdf/",
        (LEARNER, *MANAGERS),
    ),
    Row(
        "certificates ZIP",
        "site",
        "post",
        "/trainer/cohorts/{cohort}/certificates/zip/",
        MANAGERS,
    ),
    Row("register", "admin", "get", "/admin/certificates/", STAFF),
    Row("register CSV", "admin", "get", "/admin/certificates/?export=csv", STAFF),
    # the academy report: own cohorts for trainers (an empty one for another
    # trainer), the whole academy for editors (decision 0029)
    Row("academy report", "admin", "get", "/admin/reports/academy/", STAFF),
    Row(
        "academy report CSV",
        "admin",
        "get",
        "/admin/reports/academy/?export=csv",
        STAFF,
    ),
    Row(
        "view in register",
        "admin",
        "get",
        "/admin/certificates/inspect/{certificate_pk}/",
        MANAGERS,
    ),
    # the admin's own
    Row("admin", "admin", "get", "/admin/", STAFF),
    Row("lockouts", "admin", "get", "/admin/lockouts/", (SUPERUSER,)),
    Row("users", "admin", "get", "/admin/users/", (SUPERUSER,)),
]


@pytest.fixture
def world(
    course_tree,
    cohort,
    enrolled,
    learner,
    other_learner,
    trainer,
    other_trainer,
    editor,
    superuser,
):
    """A cohort with a learner who has a certificate and evidence waiting for
    review, one who has no certificate, and one whose certificate was revoked;
    a session that has started; another trainer's cohort of the same course."""
    course = course_tree["course"]
    make_cohort(course, trainers=[other_trainer])
    session = CohortSession.objects.create(
        cohort=cohort, title="Walk", starts_at=timezone.now() - timedelta(hours=1)
    )
    unissued, revoked_holder = make_user("bo"), make_user("chen")
    for person in (unissued, revoked_holder):
        enrolment_create(cohort=cohort, learner=person)
    evidence = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", uploads=[png()]
    )
    certificate = certificate_issue(
        learner=learner, course=course, by=trainer, reason="x"
    )
    revoked = certificate_issue(
        learner=revoked_holder, course=course, by=trainer, reason="x"
    )
    certificate_revoke(certificate=revoked, by=trainer, reason="Misspelt")
    return {
        "course": course,
        "cohort": cohort,
        "session": session,
        "evidence": evidence,
        "certificate": certificate,
        "revoked": revoked,
        "unissued": unissued,
        "people": {
            ANONYMOUS: None,
            LEARNER: learner,
            OTHER_LEARNER: other_learner,
            TRAINER: trainer,
            OTHER_TRAINER: other_trainer,
            EDITOR: editor,
            SUPERUSER: superuser,
        },
        "values": {
            "course": course.pk,
            "cohort": cohort.code,
            "cohort_pk": cohort.pk,
            "session": session.pk,
            "evidence": evidence.public_id,
            "evidence_file": evidence.files.get().public_id,
            "certificate": certificate.code,
            "certificate_pk": certificate.pk,
            "revoked": revoked.code,
            "learner_id": learner.pk,
            "unissued_id": unissued.pk,
        },
    }


def _expected(row: Row, role: str) -> str:
    if role in row.ok:
        return "ok"
    if role == ANONYMOUS and row.surface != "api" and row.login:
        return "login"
    if row.surface == "admin" and role in (LEARNER, OTHER_LEARNER):
        return "login"  # no admin access at all
    return "denied"


def _fill(value, values):
    if isinstance(value, str):
        filled = value.format(**values)
        return int(filled) if value.endswith("_id}") else filled
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def _outcome(response, address) -> str:
    status = response.status_code
    if status in (200, 201, 204):
        return "ok"
    if status in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        if location == "/admin/" and address != "/admin/":
            return "denied"  # Wagtail: "Sorry, you do not have permission..."
        return "ok"
    if status in (401, 403, 404):
        return "denied"
    return f"status {status}"


def _request(client, row, address, person, data):
    headers = {}
    if person is not None and row.surface == "api":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token_for(person)}"
    elif person is not None:
        client.force_login(person)
    method = getattr(client, row.method)
    if row.method == "get":
        return method(address, **headers)
    if row.surface == "api":
        return method(address, data, content_type="application/json", **headers)
    return method(address, data, **headers)


@pytest.mark.parametrize("row", ROLE_TABLE, ids=lambda row: row.id)
def test_role_table(client, world, row):
    address = row.url.format(**world["values"])
    data = _fill(row.data, world["values"])
    wrong = []
    for role, person in world["people"].items():
        cache.clear()  # no throttling, no cached verification in between
        client.logout()
        with transaction.atomic():
            outcome = _outcome(_request(client, row, address, person, data), address)
            if row.done is not None:
                done = row.done(world)
                if outcome == "ok" and not done:
                    outcome = "ok but nothing done"
                elif outcome != "ok" and done:
                    outcome = f"{outcome} but written"
            transaction.set_rollback(True)
        if outcome != _expected(row, role):
            wrong.append(f"{role}: {outcome}, not {_expected(row, role)}")
    assert not wrong, "\n".join(wrong)
