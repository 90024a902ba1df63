"""The ZIP of a cohort's certificate PDFs: built in the background with progress,
every current PDF inside byte for byte, a manifest, only for those who manage
the cohort, and safe to build twice."""

import csv
import hashlib
import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from certificates.models import Certificate
from certificates.services import (
    ZIP_FOLDER,
    certificate_issue,
    certificate_revoke,
    cohort_zip_name,
)
from certificates.tasks import build_cohort_zip
from courses.services import enrolment_create
from tests.courses.factories import make_cohort

pytestmark = pytest.mark.django_db


def start(client, cohort):
    """Press "Download all PDFs (ZIP)"; the job's page address."""
    response = client.post(f"/trainer/cohorts/{cohort.code}/certificates/zip/")
    assert response.status_code == 302
    return response["Location"]


def download(client, job_url) -> zipfile.ZipFile:
    response = client.get(f"{job_url}download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def manifest(archive) -> list[dict]:
    text = archive.read("certificates.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def stored_bytes(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def unrendered(cohort, other_learner, trainer):
    """A certificate issued in this cohort whose PDF is not rendered yet (its
    rendering task waits for the commit that never comes in a test)."""
    other_learner.profile.printed_name = "Jonas Kazlauskas"
    other_learner.profile.save()
    enrolment_create(cohort=cohort, learner=other_learner)
    return certificate_issue(
        learner=other_learner,
        course=cohort.course,
        by=trainer,
        reason="Assessed in person",
    )


def test_the_zip_holds_every_current_pdf_unaltered(
    client, real_pdf, complete_course, cohort, trainer, unrendered
):
    certificate = complete_course()
    assert certificate.pdf and certificate.pdf_sha256
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/certificates/")
    assert "Download all PDFs (ZIP)" in page.content.decode()

    job_url = start(client, cohort)
    progress = client.get(job_url)
    content = progress.content.decode()
    assert progress.status_code == 200
    assert "The ZIP is ready." in content
    assert "Jonas Kazlauskas" in content and unrendered.display_code in content
    assert "not yet rendered" in content

    archive = download(client, job_url)
    member = f"Amina-Haddad-{certificate.display_code}.pdf"
    assert sorted(archive.namelist()) == sorted(["certificates.csv", member])
    data = archive.read(member)
    assert data == stored_bytes(certificate)
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256

    rows = {row["code"]: row for row in manifest(archive)}
    assert set(rows) == {certificate.display_code, unrendered.display_code}
    held = rows[certificate.display_code]
    assert held["name"] == "Amina Haddad"
    assert held["course"] == "River watch"
    assert held["issued_on"] == timezone.localdate(certificate.issued_at).isoformat()
    assert held["sha256"] == certificate.pdf_sha256
    assert held["status"] == "valid"
    assert held["file"] == member
    missing = rows[unrendered.display_code]
    assert missing["file"] == "not yet rendered"
    assert missing["sha256"] == ""


def test_revoked_certificates_are_left_out(client, complete_course, cohort, trainer):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Misspelt")
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.code}/certificates/")
    assert "Download all PDFs (ZIP)" not in page.content.decode()
    archive = download(client, start(client, cohort))
    assert archive.namelist() == ["certificates.csv"]
    assert manifest(archive) == []


def test_another_trainer_gets_404_everywhere(
    client, complete_course, cohort, trainer, other_trainer, learner
):
    complete_course()
    client.force_login(trainer)
    job_url = start(client, cohort)
    for person in (other_trainer, learner):
        client.force_login(person)
        zips = f"/trainer/cohorts/{cohort.code}/certificates/zip/"
        assert client.post(zips).status_code == 404
        assert client.get(job_url).status_code == 404
        assert client.get(f"{job_url}download/").status_code == 404
    client.logout()
    assert client.get(f"{job_url}download/").status_code == 302  # sign in


def test_a_job_belongs_to_its_cohort(
    client, complete_course, cohort, course_tree, trainer
):
    """Another cohort the same trainer runs cannot be used to reach the job."""
    complete_course()
    other = make_cohort(course_tree["course"], trainers=[trainer], name="Spring")
    client.force_login(trainer)
    job_url = start(client, cohort)
    elsewhere = job_url.replace(cohort.code, other.code)
    assert client.get(elsewhere).status_code == 404
    assert client.get(f"{elsewhere}download/").status_code == 404


def test_an_editor_may_build_it(client, complete_course, cohort, editor):
    certificate = complete_course()
    client.force_login(editor)
    archive = download(client, start(client, cohort))
    assert f"Amina-Haddad-{certificate.display_code}.pdf" in archive.namelist()


def test_run_twice_gives_one_correct_zip(client, complete_course, cohort, trainer):
    certificate = complete_course()
    client.force_login(trainer)
    job_url = start(client, cohort)
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    build_cohort_zip.call(cohort.pk, trainer.pk, job_id)  # the engine runs it again

    storage = Certificate.pdf.field.storage
    _folders, names = storage.listdir(ZIP_FOLDER)
    assert [n for n in names if n.startswith(job_id)] == [f"{job_id}.zip"]
    archive = download(client, job_url)
    member = f"Amina-Haddad-{certificate.display_code}.pdf"
    assert archive.read(member) == stored_bytes(certificate)
    assert len(manifest(archive)) == 1


def test_zips_older_than_a_day_are_deleted_when_a_new_one_is_built(
    client, complete_course, cohort, trainer
):
    complete_course()
    storage = Certificate.pdf.field.storage
    old = storage.save(cohort_zip_name("old"), ContentFile(b"PK old"))
    recent = storage.save(cohort_zip_name("recent"), ContentFile(b"PK recent"))
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(storage.path(old), (two_days_ago, two_days_ago))

    client.force_login(trainer)
    job_url = start(client, cohort)
    job_id = job_url.rstrip("/").rsplit("/", 1)[-1]
    assert not storage.exists(old)
    assert storage.exists(recent)
    assert storage.exists(cohort_zip_name(job_id))
    storage.delete(recent)


def test_manifest_cells_that_look_like_formulas_are_defused(
    client, complete_course, cohort, trainer, learner
):
    learner.profile.printed_name = "=HYPERLINK(1)"
    learner.profile.save()
    certificate = complete_course()
    client.force_login(trainer)
    archive = download(client, start(client, cohort))
    (row,) = manifest(archive)
    assert row["name"] == "'=HYPERLINK(1)"
    assert f"HYPERLINK-1-{certificate.display_code}.pdf" in archive.namelist()
