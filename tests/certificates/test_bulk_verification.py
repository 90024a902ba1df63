"""Employers check many certificates at once on /verify/many/: pasted codes or a
CSV file, a table of statuses and the same as CSV."""

import csv
import io
import types
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import codes, throttling
from certificates.forms import BULK_VERIFY_MAX
from certificates.services import certificate_issue, certificate_revoke
from courses.services import enrolment_create
from tests.courses.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/verify/many/"


@pytest.fixture
def certificates(course_tree, learner, other_learner, trainer, cohort):
    """A valid one (name public), a revoked one and an expired one."""
    learner.profile.name_public = True
    learner.profile.save()
    expired_holder = make_user("ines", name="Inès Moreau")
    for user in (learner, other_learner, expired_holder):
        enrolment_create(cohort=cohort, learner=user)
    course = course_tree["course"]
    valid = certificate_issue(learner=learner, course=course, by=trainer, reason="ok")
    revoked = certificate_issue(
        learner=other_learner, course=course, by=trainer, reason="ok"
    )
    certificate_revoke(certificate=revoked, by=trainer, reason="Forged sheet")
    expired = certificate_issue(
        learner=expired_holder, course=course, by=trainer, reason="ok"
    )
    expired.expires_on = date.today() - timedelta(days=1)
    expired.save()
    return valid, revoked, expired


def lines(valid, revoked, expired):
    unknown = codes.display("0" * 26)
    return [
        codes.display(valid.code).lower(),  # any format the single check takes
        revoked.code,
        codes.display(expired.code).replace("-", " "),
        unknown,
        "not a code",
    ]


def test_pasted_codes_get_a_status_each(client, certificates):
    valid, revoked, expired = certificates
    entered = lines(*certificates)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"codes": "\n".join(entered)})
    assert response.status_code == 200
    page = response.content.decode()
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 5
    assert "Valid" in rows[0] and "Amina Haddad" in rows[0]
    assert "River watch" in rows[0]
    assert "Revoked" in rows[1] and "Jonas" not in rows[1]  # name not public
    assert "Expired" in rows[2] and "Inès" not in rows[2]
    assert "No certificate has this code" in rows[3]
    assert "Not a certificate code" in rows[4] and "not a code" in rows[4]
    assert f'href="/verify/{valid.code}/"' in rows[0]
    assert len(queries) < 15  # one lookup for all the codes, not one per code


def test_a_csv_file_reads_its_code_column(client, certificates):
    valid, revoked, _expired = certificates
    upload = SimpleUploadedFile(
        "applicants.csv",
        (
            f"name,code\nAmina,{codes.display(valid.code)}\nJonas,{revoked.code}\n\n"
        ).encode("utf-8-sig"),
        content_type="text/csv",
    )
    page = client.post(URL, {"file": upload}).content.decode()
    assert page.count("<tr>") == 3  # header and two codes
    assert "Valid" in page and "Revoked" in page


def test_the_results_download_as_csv(client, certificates):
    valid, revoked, expired = certificates
    entered = lines(*certificates)
    response = client.post(URL, {"codes": "\n".join(entered), "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["status"] for row in table] == [
        "valid",
        "revoked",
        "expired",
        "unknown",
        "malformed",
    ]
    assert [row["entered"] for row in table] == entered
    assert table[0]["name"] == "Amina Haddad" and table[1]["name"] == ""
    assert table[0]["code"] == valid.display_code
    assert table[2]["expires_on"] == expired.expires_on.isoformat()
    assert table[0]["verify_url"].endswith(f"/verify/{valid.code}/")


def test_spreadsheet_formulas_are_defused(client, db):
    response = client.post(URL, {"codes": '=HYPERLINK("x")', "format": "csv"})
    row = next(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["entered"].startswith("'=")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"codes": "  \n , "}, "Paste at least one code"),
        (
            {"codes": "\n".join(["ABCD"] * (BULK_VERIFY_MAX + 1))},
            f"Check at most {BULK_VERIFY_MAX} codes at a time; you gave 101.",
        ),
        (
            {
                "file": SimpleUploadedFile(
                    "codes.csv", b"\xff\xfe\x00bad", content_type="text/csv"
                )
            },
            "not a text (CSV) file in UTF-8",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(client, db, data, message):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_page_is_in_every_language(client, db):
    for prefix, title in [
        ("", "Check many certificates"),
        ("/fr", "Vérifier plusieurs certificats"),
    ]:
        response = client.get(prefix + URL)
        assert response.status_code == 200
        assert title in response.content.decode()
    assert 'href="/verify/many/"' in client.get("/verify/").content.decode()


def test_a_bulk_check_counts_once_against_the_verification_limit(
    client, db, settings, monkeypatch
):
    monkeypatch.setattr(throttling, "time", types.SimpleNamespace(time=lambda: 1.8e9))
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 2
    many = "\n".join(codes.display("0" * 26) for _ in range(50))
    assert client.post(URL, {"codes": many}).status_code == 200
    assert client.post(URL, {"codes": many}).status_code == 200
    refused = client.post(URL, {"codes": many})
    assert refused.status_code == 429
    assert "Retry-After" in refused


def test_an_unreadable_csv_or_a_very_long_line_gets_an_answer(client, db):
    broken = SimpleUploadedFile(
        "codes.csv", b'code\n"' + b"x" * 200_000 + b"\n", content_type="text/csv"
    )
    response = client.post(URL, {"file": broken})
    assert response.status_code == 400
    assert "could not be read as CSV" in response.content.decode()
    long_line = client.post(URL, {"codes": "A" * 5000, "format": "csv"})
    row = next(csv.DictReader(io.StringIO(long_line.content.decode("utf-8-sig"))))
    assert row["status"] == "malformed" and len(row["entered"]) == 61


def test_each_pdf_in_a_check_counts_against_the_limit(
    client, db, settings, monkeypatch
):
    monkeypatch.setattr(throttling, "time", types.SimpleNamespace(time=lambda: 1.8e9))
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 2
    files = [SimpleUploadedFile(f"c{n}.pdf", b"%PDF-1.7 not sealed") for n in range(3)]
    refused = client.post("/verify/check/", {"pdf": files})
    assert refused.status_code == 429 and "Retry-After" in refused
