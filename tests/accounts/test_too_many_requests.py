"""allauth's limits (e.g. on password changes) answer with the site's own page:
layout, language and language switcher, not a bare English page."""

import pytest

from tests.courses.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "lang", "title"),
    [("", "en", "Too many attempts"), ("/fr", "fr", "Trop de tentatives")],
)
def test_repeated_password_changes_get_the_sites_429_page(
    client, settings, prefix, lang, title
):
    settings.ACCOUNT_RATE_LIMITS = {
        "login_failed": False,
        "change_password": "1/m/user",
    }
    user = make_user("ona", password="pw-Long-enough-1")
    client.force_login(user)
    url = f"{prefix}/account/password/change/"
    data = {
        "oldpassword": "wrong-password-1",
        "password1": "A-new-long-pw-2",
        "password2": "A-new-long-pw-2",
    }
    client.post(url, data)
    response = client.post(url, data)
    assert response.status_code == 429
    page = response.content.decode()
    assert f'<html lang="{lang}"' in page
    assert title in page
    assert 'class="language-switcher"' in page
    assert 'class="site-header"' in page
