"""Photos handed in as evidence lose their metadata (location, camera), unless
the activity collects georeferenced observations; trainers see them inline."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

from courses.services import announcement_post, evidence_submit
from tests.courses.factories import activity_value, make_lesson

pytestmark = pytest.mark.django_db

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (54.0, 41.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (25.0, 16.0, 48.0),
}


def camera_photo(name="site.jpg", colour="green") -> SimpleUploadedFile:
    """A JPEG 40 x 20 as stored, shown rotated (orientation 6: 20 x 40), with a
    camera, its serial number, the owner and where it was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Model 7"
    exif[ExifTags.Base.Artist] = "Amina Haddad"
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def stored(submission) -> Image.Image:
    with submission.files.get().file.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


@pytest.fixture
def photo_lesson(course_tree):
    def make(**extra):
        value = {**activity_value(course_tree["competency"]), **extra}
        return make_lesson(
            course_tree["modules"][1],
            title="Photos",
            slug=f"photos-{len(extra)}",
            body=[{"type": "activity", "value": value, "id": "photo1"}],
        )

    return make


def test_a_photo_is_stored_upright_without_any_metadata(
    photo_lesson, learner, enrolled
):
    submission = evidence_submit(
        learner=learner,
        lesson=photo_lesson(),
        block_id="photo1",
        uploads=[camera_photo()],
    )
    image = stored(submission)
    assert image.format == "JPEG"
    assert image.size == (20, 40)  # turned as the orientation asked
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    evidence_file = submission.files.get()
    with evidence_file.file.open("rb") as file:
        raw = file.read()
    assert b"PhoneMaker" not in raw and b"Amina" not in raw
    assert evidence_file.size == len(raw)


def test_georeferenced_activities_keep_the_location_only(
    photo_lesson, learner, enrolled, client
):
    lesson = photo_lesson(keep_location=True)
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert "the place where a photo was taken is kept with it" in page
    submission = evidence_submit(
        learner=learner, lesson=lesson, block_id="photo1", uploads=[camera_photo()]
    )
    exif = stored(submission).getexif()
    location = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert location[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert [float(x) for x in location[ExifTags.GPS.GPSLatitude]] == [54, 41, 12.5]
    assert ExifTags.Base.Make not in exif and ExifTags.Base.Artist not in exif


def test_png_text_chunks_are_removed(photo_lesson, learner, enrolled):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Amina Haddad")
    info.add_text("Location", "54.686, 25.28")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG", pnginfo=info)
    upload = SimpleUploadedFile("site.png", buffer.getvalue(), content_type="image/png")
    submission = evidence_submit(
        learner=learner, lesson=photo_lesson(), block_id="photo1", uploads=[upload]
    )
    image = stored(submission)
    assert "Author" not in image.info and "Location" not in image.info


def test_an_announcements_photo_loses_its_metadata_too(cohort, trainer):
    announcement = announcement_post(
        cohort=cohort,
        by=trainer,
        title="Meeting point",
        text="Here",
        attachment=camera_photo("place.jpg"),
    )
    with announcement.attachment.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        assert len(image.getexif()) == 0


def test_trainers_see_a_preview_only_their_learners_photos(
    client, photo_lesson, learner, enrolled, trainer, other_trainer, other_learner
):
    submission = evidence_submit(
        learner=learner,
        lesson=photo_lesson(),
        block_id="photo1",
        uploads=[camera_photo()],
    )
    url = f"/learn/evidence/{submission.files.get().public_id}/preview.jpg"
    for person, status in (
        (other_learner, 404),
        (other_trainer, 404),
        (learner, 200),
        (trainer, 200),
    ):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (20, 40)
    review = client.get(f"/trainer/reviews/{submission.public_id}/").content.decode()
    assert f'src="{url}"' in review and 'alt="Photo handed in: site.jpg"' in review


def test_no_preview_for_a_submission_without_a_photo(
    client, course_tree, learner, enrolled
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="Counted 12"
    )
    client.force_login(learner)
    assert (
        client.get(f"/learn/evidence/{submission.public_id}/preview.jpg").status_code
        == 404
    )
