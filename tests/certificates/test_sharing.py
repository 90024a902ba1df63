"""Sharing a certificate: LinkedIn's "Add to profile", a copy-link button, and
a link preview that names the holder only if they chose to."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from accounts.models import Profile
from certificates.models import Certificate
from certificates.selectors import verify_url
from certificates.services import certificate_revoke
from cms.models import AcademySettings

pytestmark = pytest.mark.django_db


def linkedin_link(page: str) -> dict:
    href = re.search(r'href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', page)
    assert href, "no Add to LinkedIn link"
    address = urlsplit(html.unescape(href.group(1)))
    return {name: values[0] for name, values in parse_qs(address.query).items()}


def og(page: str) -> dict:
    return {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<meta property="og:(\w+)" content="([^"]*)">', page
        )
    }


def test_the_linkedin_address_has_every_parameter(client, complete_course, learner):
    certificate = complete_course()
    Certificate.objects.filter(pk=certificate.pk).update(
        expires_on=datetime.date(2029, 3, 31)
    )
    certificate.refresh_from_db()
    client.force_login(learner)
    params = linkedin_link(client.get("/learn/").content.decode())
    issued = certificate.issued_at
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": "River watch",
        "organizationName": certificate.snapshot["issuer"]["name"],
        "issueYear": str(issued.year),
        "issueMonth": str(issued.month),
        "expirationYear": "2029",
        "expirationMonth": "3",
        "certUrl": verify_url(certificate.code),
        "certId": certificate.display_code,
    }


def test_the_academys_linkedin_page_is_named_when_set(
    client, complete_course, learner, home
):
    certificate = complete_course()
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    academy.linkedin_organization_id = "1234567"
    academy.save()
    client.force_login(learner)
    params = linkedin_link(client.get("/learn/").content.decode())
    assert params["organizationId"] == "1234567"
    assert "organizationName" not in params
    assert "expirationYear" not in params  # this course's certificates do not expire
    assert params["certId"] == certificate.display_code


def test_the_linkedin_page_number_is_checked(home):
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    academy.linkedin_organization_id = "linkedin.com/company/academy"
    with pytest.raises(ValidationError) as error:
        academy.full_clean()
    assert "linkedin_organization_id" in error.value.message_dict


def test_a_copy_button_is_offered_with_the_link(client, complete_course, learner):
    certificate = complete_course()
    client.force_login(learner)
    page = client.get("/learn/").content.decode()
    assert f'data-copy-from="share-{certificate.code}"' in page
    assert f'id="share-{certificate.code}"' in page
    assert "js/copy-link.js" in page


def test_the_link_preview_names_the_holder_only_if_public(
    client, complete_course, learner
):
    certificate = complete_course()
    url = f"/verify/{certificate.code}/"
    hidden = og(client.get(url).content.decode())
    assert hidden["title"] == "Certificate: River watch"
    assert hidden["description"].startswith("Valid certificate issued by ")
    assert hidden["url"] == verify_url(certificate.code)
    assert "Amina" not in str(hidden)
    profile = Profile.objects.get(user=learner)
    profile.name_public = True
    profile.save()
    public = og(client.get(url).content.decode())
    assert public["title"] == "Amina Haddad: River watch"


def test_a_revoked_or_unknown_certificate_previews_as_such(
    client, complete_course, trainer
):
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Mistake")
    revoked = og(client.get(f"/verify/{certificate.code}/").content.decode())
    assert revoked["description"].startswith("Revoked certificate")
    unknown = client.get("/verify/AAAABBBBCCCCDDDDEEEEFFFFGG/").content.decode()
    assert og(unknown) == {}
