"""The website follows the academy's branding: colours, logo and icon come
from the academy settings, and colours must stay readable."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.models import Site

from cms.branding import contrast_with_white
from cms.models import AcademySettings
from tests.courses.factories import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def academy(home):
    return AcademySettings.for_site(Site.objects.get(is_default_site=True))


def test_every_page_links_the_academy_stylesheet_and_icon(client, academy, home):
    page = client.get(home.url).content.decode()
    assert '<link rel="stylesheet" href="/branding.css">' in page
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in page
    css = client.get("/branding.css")
    assert css["Content-Type"].startswith("text/css")
    assert "--colour-primary: #1d4e89;" in css.content.decode()
    icon = client.get("/favicon.svg")
    assert icon["Content-Type"] == "image/svg+xml"
    assert 'fill="#1d4e89"' in icon.content.decode() and ">C</text>" in (
        icon.content.decode()
    )
    assert client.get("/favicon.ico")["Location"] == "/favicon.svg"


def test_a_settings_change_shows_on_the_next_request(client, academy, home):
    client.get("/branding.css")  # cached for anonymous visitors
    academy.primary_colour = "#5a2a82"
    academy.academy_name = "Riverside Academy"
    academy.save()
    assert "--colour-primary: #5a2a82;" in client.get("/branding.css").content.decode()
    assert ">R</text>" in client.get("/favicon.svg").content.decode()


def test_the_logo_appears_in_the_header(client, academy, home):
    academy.logo = Image.objects.create(title="Logo", file=png("logo.png"))
    academy.save()
    header = client.get(home.url).content.decode().split("</header>")[0]
    assert 'class="site-header__logo"' in header and 'alt=""' in header
    assert "Citizen Science Academy" in header  # the name stays the link's text


@pytest.mark.parametrize("field", ["primary_colour", "accent_colour"])
def test_colours_too_light_to_read_are_refused(academy, field):
    setattr(academy, field, "#f5c542")  # a light yellow: 1.6:1 on white
    with pytest.raises(ValidationError) as refused:
        academy.full_clean()
    message = refused.value.message_dict[field][0]
    assert "too light" in message and "1.6:1" in message and "4.5:1" in message


def test_the_default_colours_are_readable(academy):
    academy.full_clean()
    assert contrast_with_white("#1d4e89") > 8
