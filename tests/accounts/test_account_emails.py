"""allauth's e-mails speak as the academy, link to its public address, and an
invited learner confirms their address once."""

import re

import pytest
from django.contrib.auth import get_user_model

from courses.services import cohort_enrol_by_email

pytestmark = pytest.mark.django_db
PUBLIC = "http://academy.example.org"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.ACADEMY_PUBLIC_BASE_URL = PUBLIC


def test_the_sign_up_email_names_the_academy_and_links_to_its_address(
    client, home, mailoutbox
):
    response = client.post(
        "/account/signup/",
        {
            "email": "nora@example.org",
            "password1": "A-long-password-7",
            "password2": "A-long-password-7",
            "printed_name": "Nora Berg",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert "Citizen Science Academy" in message.body
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(f"{PUBLIC}/account/confirm-email/")


def test_an_invited_learner_confirms_their_address_once(
    client, cohort, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cohort_enrol_by_email(
            cohort=cohort, name="Rūta Petraitė", email="ruta@example.org", by=trainer
        )
    (invitation,) = mailoutbox
    link = re.search(rf"{PUBLIC}(/\S+)", invitation.body).group(1)
    form = client.get(link, follow=True)  # allauth moves the key into the session
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": "A-long-password-7", "password2": "A-long-password-7"},
    )
    assert response.status_code == 302
    client.logout()
    signed_in = client.post(
        "/account/login/",
        {"login": "ruta@example.org", "password": "A-long-password-7"},
    )
    assert signed_in.status_code == 302
    assert "confirm-email" not in signed_in["Location"]
    user = get_user_model().objects.get(email="ruta@example.org")
    assert user.emailaddress_set.get().verified
