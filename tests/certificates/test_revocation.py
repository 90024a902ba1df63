"""Revocation tells the whole story: the learner's page, the verify page, the
re-issue confirmation and the "Check a PDF" verdict."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from certificates.models import Certificate
from certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    cohort_issue_eligible,
)

pytestmark = pytest.mark.django_db


def pdf_bytes(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def check(client, data: bytes) -> str:
    response = client.post("/verify/check/", {"pdf": SimpleUploadedFile("c.pdf", data)})
    assert response.status_code == 200
    return response.content.decode()


def test_revoked_certificate_is_not_offered_to_share_or_download(
    client, complete_course, learner, trainer
):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Wrong course")
    client.force_login(learner)
    page = client.get("/learn/").content.decode()
    assert certificate.display_code in page
    assert "Wrong course" in page
    assert f"/certificates/{certificate.code}/pdf/" not in page
    assert "Share this link" not in page
    download = client.get(f"/certificates/{certificate.code}/pdf/", follow=True)
    assert "was revoked" in download.content.decode()
    assert download.get("Content-Type", "").startswith("text/html")


def test_revoked_verify_page_points_to_its_replacement(
    client, complete_course, trainer
):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Name misspelt")
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "in its place" not in page
    new = certificate_reissue(certificate=certificate, by=trainer)
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "Revoked" in page
    assert f"/verify/{new.code}/" in page and new.display_code in page
    facts = client.get(f"/api/v1/verify/{certificate.code}").json()
    assert facts["replaced_by"].endswith(f"/verify/{new.code}/")


def test_reissue_asks_for_confirmation(client, complete_course, trainer):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Name misspelt")
    client.force_login(trainer)
    url = f"/certificates/{certificate.code}/reissue/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Re-issue certificate" in confirm.content.decode()
    assert Certificate.objects.count() == 1  # nothing happens on GET
    done = client.post(url, {"reason": "Name corrected"})
    assert done.status_code == 302
    new = Certificate.objects.get(replaces=certificate)
    assert new.events.get(kind="reissued").note == "Name corrected"
    again = client.post(url, {"reason": "twice"}, follow=True)
    assert f"already re-issued as {new.display_code}" in again.content.decode()
    assert Certificate.objects.count() == 2


def test_reissue_is_for_the_cohorts_trainers_only(
    client, complete_course, trainer, other_trainer
):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Name misspelt")
    client.force_login(other_trainer)
    url = f"/certificates/{certificate.code}/reissue/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Certificate.objects.count() == 1


@pytest.mark.pdf
def test_pdf_check_leads_with_the_certificates_status(client, complete_course, trainer):
    certificate = complete_course()
    data = pdf_bytes(certificate)
    assert "This is the file the academy issued" in check(client, data)
    certificate_revoke(certificate=certificate, by=trainer, reason="Plagiarised")
    revoked = check(client, data)
    assert "verdict--valid" not in revoked and "✓" not in revoked
    assert "Revoked" in revoked and "Plagiarised" in revoked


@pytest.mark.pdf
def test_pdf_changed_after_sealing_reads_altered_after_it_was_sealed(
    client, complete_course
):
    data = pdf_bytes(complete_course())
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    info = writer.root
    info[NameObject("/Lang")] = TextStringObject("fr")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    page = check(client, out.getvalue())
    assert "Altered after it was sealed" in page
    assert "no valid academy seal" not in page


def test_cohort_issue_skips_a_revoked_learner(client, complete_course, cohort, trainer):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Forged")
    summary = cohort_issue_eligible(cohort=cohort, by=trainer)
    assert summary["revoked"] == 1 and summary["issued"] == 0
    assert Certificate.objects.count() == 1
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/certificates/").content.decode()
    assert "No learner waits for a certificate" in page
    assert f"/trainer/cohorts/{cohort.code}/certificates/issue/" not in page


def test_single_issue_sends_a_revoked_learner_to_reissue(
    client, complete_course, cohort, trainer, learner
):
    certificate = complete_course()
    client.force_login(trainer)
    url = f"/trainer/cohorts/{cohort.code}/learners/{learner.pk}/certificate/"
    valid = client.get(url, follow=True).content.decode()
    assert f"already has a valid certificate ({certificate.display_code})" in valid
    certificate_revoke(certificate=certificate, by=trainer, reason="Forged")
    response = client.get(url)
    assert response["Location"] == f"/certificates/{certificate.code}/reissue/"
    assert Certificate.objects.count() == 1


def test_reissue_keeps_the_original_override_reason(
    course_tree, learner, enrolled, trainer
):
    first = certificate_issue(
        learner=learner,
        course=course_tree["course"],
        by=trainer,
        reason="Assessed in person at the library",
    )
    certificate_revoke(certificate=first, by=trainer, reason="Name misspelt")
    new = certificate_reissue(certificate=first, by=trainer)
    assert new.override_reason == "Assessed in person at the library"


def test_superuser_revoking_from_the_admin_returns_to_the_register(
    client, complete_course, superuser
):
    certificate = complete_course()
    client.force_login(superuser)
    url = f"/certificates/{certificate.code}/revoke/"
    form = client.get(url).content.decode()
    assert f'href="/admin/certificates/inspect/{certificate.pk}/"' in form
    response = client.post(url, {"reason": "Duplicate"})
    assert response["Location"] == f"/admin/certificates/inspect/{certificate.pk}/"
    again = client.get(url, follow=True).content.decode()
    assert "nothing to revoke" in again
