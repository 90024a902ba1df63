"""Hostile input, one request each: a clear 400 and nothing written, never a 500."""

import io
import struct
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient
from wagtail.models import APIToken

from courses.models import Enrolment, EvidenceSubmission
from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db

User = get_user_model()


def bomb_png(width=60_000, height=60_000) -> SimpleUploadedFile:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "green").save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    # IHDR: 8-byte signature, 4-byte length, b"IHDR", width, height, ... CRC.
    ihdr = bytes(data[12:29])
    patched = b"IHDR" + struct.pack(">II", width, height) + ihdr[12:]
    data[12:29] = patched
    data[29:33] = struct.pack(">I", zlib.crc32(patched))
    return SimpleUploadedFile("site.png", bytes(data), content_type="image/png")


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return make


def test_decompression_bomb_evidence_on_the_site(
    client, course_tree, learner, enrolled
):
    client.force_login(learner)
    url = course_tree["l3"].url + "evidence/act1/"
    response = client.post(url, {"text": "", "file": bomb_png()})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not EvidenceSubmission.objects.exists()


def test_decompression_bomb_evidence_through_the_api(
    course_tree, learner, enrolled, api_for
):
    response = api_for(learner).post(
        f"/api/v1/me/lessons/{course_tree['l3'].pk}/activities/act1/evidence",
        {"text": "", "file": bomb_png()},
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "too large" in str(error)
    assert "Decompression" not in str(error)
    assert not EvidenceSubmission.objects.exists()


def test_large_but_legal_image_is_refused_with_the_same_message(
    client, course_tree, learner, enrolled
):
    """Between Pillow's warning and error thresholds there is only a warning."""
    client.force_login(learner)
    url = course_tree["l3"].url + "evidence/act1/"
    response = client.post(url, {"text": "", "file": bomb_png(12_000, 12_000)})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not EvidenceSubmission.objects.exists()


LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 310 characters


def test_overlong_email_in_the_single_enrol_page(client, cohort, trainer):
    assert len(LONG_EMAIL) > 254
    users = User.objects.count()
    client.force_login(trainer)
    response = client.post(
        f"/trainer/cohorts/{cohort.code}/enrol/",
        {"name": "Long Address", "email": LONG_EMAIL},
    )
    assert response.status_code == 400
    assert "254" in response.content.decode()
    assert User.objects.count() == users
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_overlong_email_in_the_api_enrol(cohort, trainer, api_for):
    users = User.objects.count()
    response = api_for(trainer).post(
        f"/api/v1/cohorts/{cohort.code}/enrolments",
        {"people": [{"name": "Long Address", "email": LONG_EMAIL}]},
        format="json",
    )
    assert response.status_code == 400
    assert "254" in str(response.json()["error"])
    assert User.objects.count() == users
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_nul_byte_in_an_api_enrol_email(cohort, trainer, api_for):
    users = User.objects.count()
    response = api_for(trainer).post(
        f"/api/v1/cohorts/{cohort.code}/enrolments",
        {"people": [{"name": "Nul", "email": "nul\x00@example.org"}]},
        format="json",
    )
    assert response.status_code == 400
    assert User.objects.count() == users


def test_nul_byte_in_a_csv_import_email(client, cohort, trainer):
    users = User.objects.count()
    client.force_login(trainer)
    upload = SimpleUploadedFile(
        "people.csv",
        b"name,email\nAmina Haddad,amina\x00@example.org\n",
        content_type="text/csv",
    )
    response = client.post(f"/trainer/cohorts/{cohort.code}/import/", {"file": upload})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert User.objects.count() == users
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_overlong_email_in_a_csv_import_is_an_invalid_row(client, cohort, trainer):
    client.force_login(trainer)
    upload = SimpleUploadedFile(
        "people.csv",
        f"name,email\nLong Address,{LONG_EMAIL}\n".encode(),
        content_type="text/csv",
    )
    response = client.post(f"/trainer/cohorts/{cohort.code}/import/", {"file": upload})
    assert response.status_code == 200
    assert "Invalid e-mail address" in response.content.decode()


def test_nul_byte_in_an_api_token_name(client, learner):
    client.force_login(learner)
    response = client.post("/account/api-tokens/", {"name": "Student\x00records"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not APIToken.objects.exists()
