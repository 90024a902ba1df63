"""The certificate register's export (Wagtail's CSV and XLSX of the filtered
list): the rows the register shows the user, as text and dates, formulas
defused."""

import csv
import io

import openpyxl
import pytest
from django.utils import timezone

from certificates.services import certificate_issue, certificate_revoke
from courses.services import enrolment_create
from tests.courses.factories import make_cohort

pytestmark = pytest.mark.django_db

HEADER = [
    "Code",
    "Name as printed",
    "Course",
    "Cohort",
    "Issued",
    "Expires",
    "Status today",
    "Reason for revoking",
]


@pytest.fixture
def two_cohorts(complete_course, course_tree, other_trainer, other_learner):
    """``trainer``'s learner holds a certificate; so does a learner of another
    trainer's cohort of the same course, whose certificate was revoked."""
    mine = complete_course()
    theirs_cohort = make_cohort(
        course_tree["course"], trainers=[other_trainer], name="Spring"
    )
    enrolment_create(cohort=theirs_cohort, learner=other_learner)
    theirs = certificate_issue(
        learner=other_learner,
        course=course_tree["course"],
        by=other_trainer,
        reason="Assessed in person",
    )
    certificate_revoke(certificate=theirs, by=other_trainer, reason='=HYPERLINK("x")')
    return mine, theirs


def export(client, **params) -> list[dict]:
    response = client.get("/admin/certificates/", {"export": "csv", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="certificates.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADER
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def test_an_editor_exports_every_certificate(client, two_cohorts, editor):
    mine, theirs = two_cohorts
    client.force_login(editor)
    listing = client.get("/admin/certificates/").content.decode()
    assert "export=csv" in listing and "export=xlsx" in listing
    rows = {row["Code"]: row for row in export(client)}
    assert set(rows) == {mine.display_code, theirs.display_code}
    assert rows[mine.display_code] == {
        "Code": mine.display_code,
        "Name as printed": "Amina Haddad",
        "Course": "River watch",
        "Cohort": "Autumn",
        "Issued": timezone.localdate(mine.issued_at).isoformat(),
        "Expires": "",
        "Status today": "Valid",
        "Reason for revoking": "",
    }
    assert rows[theirs.display_code]["Status today"] == "Revoked"
    assert rows[theirs.display_code]["Cohort"] == "Spring"


def test_the_export_follows_the_search_and_the_filter(client, two_cohorts, editor):
    mine, theirs = two_cohorts
    client.force_login(editor)
    assert [r["Code"] for r in export(client, q="haddad")] == [mine.display_code]
    revoked = export(client, status="revoked")
    assert [r["Code"] for r in revoked] == [theirs.display_code]


def test_a_trainer_exports_only_their_cohorts(
    client, two_cohorts, trainer, other_trainer
):
    mine, theirs = two_cohorts
    client.force_login(trainer)
    assert [r["Code"] for r in export(client)] == [mine.display_code]
    client.force_login(other_trainer)
    assert [r["Code"] for r in export(client)] == [theirs.display_code]


def test_learners_cannot_export(client, two_cohorts, learner):
    client.force_login(learner)
    response = client.get("/admin/certificates/", {"export": "csv"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_formulas_are_defused(client, two_cohorts, editor, learner):
    mine, theirs = two_cohorts
    client.force_login(editor)
    rows = {row["Code"]: row for row in export(client)}
    assert rows[theirs.display_code]["Reason for revoking"] == '\'=HYPERLINK("x")'

    response = client.get("/admin/certificates/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    reason = cells[theirs.display_code][7]
    assert reason.data_type == "s"  # text, never a formula
    assert reason.value == '=HYPERLINK("x")'
    issued = cells[mine.display_code][4].value  # a date cell, not text
    assert issued == timezone.localdate(mine.issued_at)
