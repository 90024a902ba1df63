"""Sign-up with e-mail verification, profile, data export and erasure."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from accounts.models import ErasureRequest, Profile
from courses.models import EvidenceSubmission, LessonCompletion
from courses.services import evidence_submit, lesson_complete
from tests.courses.factories import png

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_sign_up_confirm_email_and_sign_in(client, mailoutbox):
    response = client.post(
        "/account/signup/",
        {
            "email": "nadia@example.org",
            "password1": "a-Long-passphrase-42",
            "password2": "a-Long-passphrase-42",
            "printed_name": "  Nadia   Ben Ali ",
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.org")
    assert user.profile.printed_name == "Nadia Ben Ali"
    assert user.profile.preferred_language == "fr"
    assert user.profile.name_public is False  # private by default
    # Not signed in until the address is confirmed.
    assert client.get("/learn/").status_code == 302
    path = re.search(r"/account/confirm-email/\S+/", mailoutbox[0].body).group(0)
    assert client.post(path).status_code == 302
    assert client.get("/learn/").status_code == 200


def test_sign_up_errors_are_shown(client):
    response = client.post(
        "/account/signup/",
        {"email": "bad", "password1": "x", "password2": "y", "printed_name": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in content
    assert "This field is required." in content
    assert not User.objects.exists()


def test_sign_in_with_email_and_password_reset(client, learner, mailoutbox):
    response = client.post(
        "/account/login/", {"login": learner.email, "password": "pw-Long-enough-1"}
    )
    assert response.status_code == 302
    client.post("/account/logout/")
    assert client.get("/learn/").status_code == 302
    client.post("/account/password/reset/", {"email": learner.email})
    assert "/account/password/reset/key/" in mailoutbox[-1].body


def test_profile_accepts_any_script(client, learner):
    client.force_login(learner)
    response = client.post(
        "/account/profile/",
        {
            "printed_name": "Ελένη Παπαδοπούλου",
            "preferred_language": "el",
            "name_public": "on",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=learner)
    assert profile.printed_name == "Ελένη Παπαδοπούλου"
    assert profile.name_public is True
    assert response.cookies["django_language"].value == "el"


def test_profile_needs_a_name(client, learner):
    client.force_login(learner)
    response = client.post(
        "/account/profile/", {"printed_name": "", "preferred_language": "en"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Profile.objects.get(user=learner).printed_name == "Amina Haddad"


def test_reading_a_profile_writes_nothing(client, db):
    """An account with no profile (made by hand) is shown a default made from
    its names; only saving the form stores a profile."""
    user = User.objects.create_user(
        "old", "old@example.org", "pw", first_name="Ona", last_name="Old"
    )
    client.force_login(user)
    for address in ("/account/profile/", "/api/v1/me", "/account/my-data/"):
        assert client.get(address).status_code == 200, address
    assert 'value="Ona Old"' in client.get("/account/profile/").content.decode()
    assert not Profile.objects.filter(user=user).exists()
    client.post(
        "/account/profile/", {"printed_name": "Ona Old", "preferred_language": "lt"}
    )
    assert Profile.objects.get(user=user).preferred_language == "lt"


def test_data_export_contains_progress(client, course_tree, learner, enrolled):
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="notes"
    )
    client.force_login(learner)
    response = client.get("/account/my-data/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["printed_name"] == "Amina Haddad"
    assert data["enrolments"][0]["cohort"] == "Autumn"
    assert data["lesson_completions"][0]["lesson"] == "Reading"
    assert data["evidence"][0]["text"] == "notes"


def test_erasure_needs_confirmation_and_password(client, learner):
    client.force_login(learner)
    response = client.post(
        "/account/erase/", {"confirmation": "yes", "password": "wrong"}
    )
    content = response.content.decode()
    assert "Type the word ERASE to confirm." in content
    assert "That is not your current password." in content
    learner.refresh_from_db()
    assert learner.is_active and not ErasureRequest.objects.exists()


def test_erasure_removes_progress_and_closes_the_account(
    client, course_tree, learner, enrolled, django_capture_on_commit_callbacks
):
    lesson_complete(learner=learner, lesson=course_tree["l1"])
    submission = evidence_submit(
        learner=learner,
        lesson=course_tree["l3"],
        block_id="act1",
        uploads=[png()],
        text="x",
    )
    file_path = submission.files.get().file.path
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/account/erase/", {"confirmation": "ERASE", "password": "pw-Long-enough-1"}
        )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert not learner.is_active
    assert learner.email == "" and "amina" not in learner.username
    assert not Profile.objects.filter(user=learner).exists()
    assert not LessonCompletion.objects.filter(learner=learner).exists()
    assert not EvidenceSubmission.objects.exists()
    assert not __import__("os").path.exists(file_path)
    request = ErasureRequest.objects.get()
    assert request.status == ErasureRequest.Status.COMPLETED
    assert client.get("/learn/").status_code == 302  # signed out
