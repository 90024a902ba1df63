"""Several files per evidence submission, up to the activity's limit, with
previews (photos made small, a PDF's first page) shown to the learner and
the trainers of their cohort, and to nobody else."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image
from pypdf import PdfWriter
from rest_framework.test import APIClient

from courses.choices import PreviewStatus
from courses.models import EvidenceFile, EvidenceSubmission
from courses.models.progress import private_storage
from courses.selectors.progress import learner_personal_data
from courses.services import evidence_preview_make, evidence_submit
from courses.tasks import make_evidence_previews
from courses.uploads import FILE_CHOSEN_TWICE, PREVIEW_SIZE, TOO_MANY_FILES
from tests.courses.factories import activity_value, make_cohort, make_lesson, png
from tests.courses.test_evidence_photos import camera_photo

pytestmark = pytest.mark.django_db


def pdf(name="count-sheet.pdf", size=(595, 842)) -> SimpleUploadedFile:
    """A real one-page PDF (A4 by default), drawn by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PDF")
    return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")


def encrypted_pdf(name="secret.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("only-the-learner-knows")
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")


def broken_pdf(name="broken.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj <<>>\nnonsense\n%%EOF\n")


def csv(name="counts.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"site,count\nA,12\n", "text/csv")


def stored_files() -> set[Path]:
    root = Path(settings.ACADEMY_PRIVATE_MEDIA_ROOT) / "evidence"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def counts_lesson(course_tree):
    """An activity that takes photos, PDFs and data files, at most three."""
    value = {
        **activity_value(course_tree["competency"], kinds=("photo", "file", "data")),
        "title": "Do three counts",
        "max_files": 3,
    }
    return make_lesson(
        course_tree["modules"][1],
        title="Counts",
        slug="counts",
        body=[{"type": "activity", "value": value, "id": "counts"}],
    )


def submit(learner, lesson, *uploads, **kwargs):
    return evidence_submit(
        learner=learner, lesson=lesson, block_id="counts", uploads=uploads, **kwargs
    )


def test_several_files_are_kept_with_previews_for_learner_and_trainer(
    client,
    counts_lesson,
    learner,
    enrolled,
    trainer,
    django_capture_on_commit_callbacks,
):
    client.force_login(learner)
    page = client.get(counts_lesson.url).content.decode()
    assert 'type="file" id="evidence-file-counts" name="file" multiple' in page
    assert "Up to 3 files: choose several at once." in page
    assert "at most 10.0\xa0MB each and 40.0\xa0MB in all" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            counts_lesson.url + "evidence/counts/",
            {"text": "", "file": [png("patch.png"), pdf(), csv()]},
        )
    assert response.status_code == 302
    submission = EvidenceSubmission.objects.get(learner=learner)
    files = list(submission.files.all())
    assert [f.original_filename for f in files] == [
        "patch.png",
        "count-sheet.pdf",
        "counts.csv",
    ]
    assert [f.preview_status for f in files] == ["ready", "ready", "none"]
    assert all(len(f.sha256) == 64 for f in files)

    page = client.get(counts_lesson.url).content.decode()
    for item in files:
        assert f'href="/learn/evidence/{item.public_id}/"' in page
    assert "Download count-sheet.pdf" in page
    assert 'alt="First page of count-sheet.pdf"' in page
    assert 'alt="Photo handed in: patch.png"' in page

    client.force_login(trainer)
    review = client.get(f"/trainer/reviews/{submission.public_id}/").content.decode()
    sheet = files[1]
    assert f'src="/learn/evidence/{sheet.public_id}/preview.jpg"' in review
    assert "Download counts.csv" in review
    preview = client.get(f"/learn/evidence/{sheet.public_id}/preview.jpg")
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(preview.content))
    assert max(image.size) <= max(PREVIEW_SIZE)
    assert image.getpixel((image.width // 2, image.height // 2))[0] > 150  # red
    assert (
        client.get(f"/learn/evidence/{files[2].public_id}/preview.jpg").status_code
        == 404
    )


def test_a_pdf_waiting_for_its_preview_shows_a_placeholder_and_its_link(
    client, counts_lesson, learner, enrolled
):
    submission = submit(learner, counts_lesson, pdf())  # the task has not run
    sheet = submission.files.get()
    assert sheet.preview_status == PreviewStatus.PENDING
    client.force_login(learner)
    page = client.get(counts_lesson.url).content.decode()
    assert "Preview being prepared." in page
    assert f'href="/learn/evidence/{sheet.public_id}/"' in page
    assert (
        client.get(f"/learn/evidence/{sheet.public_id}/preview.jpg").status_code == 404
    )


@pytest.mark.parametrize("upload", [broken_pdf, encrypted_pdf])
def test_a_pdf_that_cannot_be_drawn_gets_no_preview_and_stays_downloadable(
    client, counts_lesson, learner, enrolled, upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(learner, counts_lesson, upload())
    sheet = submission.files.get()
    assert sheet.preview_status == PreviewStatus.NONE and not sheet.preview
    client.force_login(learner)
    page = client.get(counts_lesson.url).content.decode()
    assert "Preview being prepared" not in page and "First page of" not in page
    assert (
        client.get(f"/learn/evidence/{sheet.public_id}/preview.jpg").status_code == 404
    )
    download = client.get(f"/learn/evidence/{sheet.public_id}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_making_a_preview_twice_stores_one(counts_lesson, learner, enrolled):
    before = stored_files()
    submission = submit(learner, counts_lesson, pdf())
    sheet = submission.files.get()
    evidence_preview_make(evidence_file=sheet)
    evidence_preview_make(evidence_file=sheet)  # a stale copy: nothing more
    make_evidence_previews.call(submission.pk)  # the task again
    sheet.refresh_from_db()
    assert sheet.preview_status == PreviewStatus.READY
    previews = [p for p in stored_files() - before if "previews" in p.parts]
    assert [p.name for p in previews] == [Path(sheet.preview.name).name]


def test_too_many_files_are_refused_and_nothing_is_written(
    client, counts_lesson, learner, enrolled
):
    before = stored_files()
    client.force_login(learner)
    response = client.post(
        counts_lesson.url + "evidence/counts/",
        {"file": [png(f"p{n}.png") for n in range(4)]},
    )
    assert response.status_code == 400
    message = str(TOO_MANY_FILES) % {"max": 3, "count": 4}
    assert message in response.content.decode()
    assert not EvidenceSubmission.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files() == before


def test_one_bad_file_refuses_all_and_names_it(
    client, counts_lesson, learner, enrolled
):
    before = stored_files()
    client.force_login(learner)
    response = client.post(
        counts_lesson.url + "evidence/counts/",
        {
            "text": "Three counts",
            "file": [png(), SimpleUploadedFile("notes.html", b"<p>hi</p>"), csv()],
        },
    )
    assert response.status_code == 400
    assert "notes.html is not one of them" in response.content.decode()
    assert not EvidenceSubmission.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files() == before


def test_every_problem_is_named_and_a_file_chosen_twice_is_refused(
    counts_lesson, learner, enrolled, settings
):
    settings.ACADEMY_EVIDENCE_MAX_BYTES = 60
    with pytest.raises(ValidationError) as excinfo:
        submit(learner, counts_lesson, csv("a.csv"), csv("b.csv"), png("big.png"))
    messages = excinfo.value.messages
    assert messages[0] == str(FILE_CHOSEN_TWICE) % {"name": "b.csv", "other": "a.csv"}
    assert messages[1].startswith("big.png is ")
    assert not EvidenceSubmission.objects.exists()


def test_files_too_large_together_are_refused(
    counts_lesson, learner, enrolled, settings
):
    settings.ACADEMY_EVIDENCE_MAX_TOTAL_BYTES = 100
    with pytest.raises(ValidationError) as excinfo:
        submit(learner, counts_lesson, png("a.png"), png("b.png"))
    assert excinfo.value.code == "files_too_large"
    assert not EvidenceSubmission.objects.exists()


def test_a_failure_while_storing_removes_the_files_already_stored(
    counts_lesson, learner, enrolled, monkeypatch
):
    before = stored_files()
    original = EvidenceFile.save

    def fail_on_the_second(self, *args, **kwargs):
        if self.position == 1:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EvidenceFile, "save", fail_on_the_second)
    with pytest.raises(OSError, match="disk full"):
        submit(learner, counts_lesson, png(), pdf())
    assert not EvidenceSubmission.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files() == before


def test_every_photo_loses_its_metadata(counts_lesson, learner, enrolled):
    submission = submit(
        learner, counts_lesson, camera_photo("one.jpg"), camera_photo("two.jpg", "blue")
    )
    for item in submission.files.all():
        with item.file.open("rb") as file:
            raw = file.read()
        assert b"PhoneMaker" not in raw and b"Amina" not in raw


def test_files_and_previews_only_for_the_learner_and_their_trainers(
    client,
    counts_lesson,
    course_tree,
    learner,
    enrolled,
    trainer,
    other_learner,
    other_trainer,
    django_capture_on_commit_callbacks,
):
    make_cohort(course_tree["course"], trainers=[other_trainer])  # same course
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(learner, counts_lesson, png(), pdf())
    sheet = submission.files.get(position=1)
    urls = [
        f"/learn/evidence/{sheet.public_id}/",
        f"/learn/evidence/{sheet.public_id}/preview.jpg",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # sign in first
        for person, status in (
            (other_learner, 404),
            (other_trainer, 404),
            (learner, 200),
            (trainer, 200),
        ):
            client.force_login(person)
            assert client.get(url).status_code == status, (url, person)
        client.logout()
    # Never public: nothing under MEDIA_ROOT, and the stored names are unguessable.
    assert str(settings.MEDIA_ROOT) not in sheet.file.path
    assert sheet.public_id.hex in sheet.preview.name


def test_erasure_deletes_every_file_and_preview(
    client, counts_lesson, learner, enrolled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(learner, counts_lesson, png(), pdf(), csv())
    paths = [Path(f.file.path) for f in submission.files.all()] + [
        Path(f.preview.path) for f in submission.files.all() if f.preview
    ]
    assert len(paths) == 5 and all(p.exists() for p in paths)
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/account/erase/", {"confirmation": "ERASE", "password": "pw-Long-enough-1"}
        )
    assert not EvidenceFile.objects.exists()
    assert not any(p.exists() for p in paths)


def test_the_data_export_lists_every_file(client, counts_lesson, learner, enrolled):
    submit(learner, counts_lesson, png(), csv())
    client.force_login(learner)
    (evidence,) = learner_personal_data(learner=learner)["evidence"]
    assert [f["name"] for f in evidence["files"]] == ["site.png", "counts.csv"]


def test_the_api_takes_and_lists_several_files(
    counts_lesson, learner, enrolled, trainer
):
    api = APIClient()
    api.force_authenticate(learner)
    response = api.post(
        f"/api/v1/me/lessons/{counts_lesson.pk}/activities/counts/evidence",
        {"file": [png(), csv()]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert [f["original_filename"] for f in data["files"]] == ["site.png", "counts.csv"]
    assert data["original_filename"] == "site.png"
    too_many = api.post(
        f"/api/v1/me/lessons/{counts_lesson.pk}/activities/counts/evidence",
        {"file": [png(f"{n}.png") for n in range(4)]},
        format="multipart",
    )
    assert too_many.status_code in (400, 409)
    assert EvidenceFile.objects.count() == 2
    api.force_authenticate(trainer)
    queue = api.get("/api/v1/reviews").json()
    assert len(queue["results"][0]["files"]) == 2


# -- the migration from one file per submission ------------
MIGRATED_FROM = [("courses", "0013_evidence_files")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_single_file_submission_is_migrated_to_its_first_evidence_file(
    client, course_tree, learner, enrolled
):
    """Back to the schema before 0013, a submission with its one file; then
    forward: the file is the submission's first EvidenceFile, at the same
    address, and nothing else changed."""
    storage_name = "evidence/ab/old-single-file.png"
    private_storage().save(storage_name, png())
    lesson = course_tree["l3"]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("courses")
    try:
        executor.migrate(MIGRATED_FROM)
        old = executor.loader.project_state(MIGRATED_FROM).apps
        Submission = old.get_model("courses", "EvidenceSubmission")
        with_file = Submission.objects.create(
            learner_id=learner.pk,
            course_id=course_tree["course"].pk,
            module_id=lesson.get_parent().pk,
            lesson_id=lesson.pk,
            activity_block_id="act1",
            text="Photo of the bridge",
            file=storage_name,
            original_filename="bridge.png",
            content_type="image/png",
            size=123,
        )
        text_only = Submission.objects.create(
            learner_id=learner.pk,
            course_id=course_tree["course"].pk,
            module_id=lesson.get_parent().pk,
            lesson_id=lesson.pk,
            activity_block_id="act1",
            text="Just words",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    (migrated,) = EvidenceFile.objects.all()
    assert migrated.submission_id == with_file.pk
    assert migrated.public_id == with_file.public_id  # old links keep working
    assert (migrated.file.name, migrated.original_filename) == (
        storage_name,
        "bridge.png",
    )
    assert (migrated.content_type, migrated.size, migrated.position) == (
        "image/png",
        123,
        0,
    )
    assert migrated.preview_status == PreviewStatus.PENDING  # a photo
    assert not EvidenceFile.objects.filter(submission_id=text_only.pk).exists()
    client.force_login(learner)
    response = client.get(f"/learn/evidence/{with_file.public_id}/")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert (
        client.get(f"/learn/evidence/{with_file.public_id}/preview.jpg").status_code
        == 200
    )
