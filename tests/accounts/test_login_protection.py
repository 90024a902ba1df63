"""Brute-force protection for both sign-ins (django-axes): a lock per address and
account, a page that says how long to wait, staff unlock, attempts logged."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Long-enough-1"


@pytest.fixture(autouse=True)
def _clean_counters(settings):
    settings.AXES_FAILURE_LIMIT = 5
    cache.clear()
    yield
    cache.clear()


def _client(address):
    return Client(REMOTE_ADDR=address)


def site_login(client, login, password):
    return client.post("/account/login/", {"login": login, "password": password})


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_locks_after_five_wrong_passwords(superuser):
    attacker = _client("203.0.113.5")
    for _ in range(5):
        admin_login(attacker, superuser.username, "wrong")
    response = admin_login(attacker, superuser.username, "pw")
    assert response.status_code == 429
    assert not _signed_in(attacker)
    content = response.content.decode()
    assert "Please wait 15 minutes" in content
    assert int(response["Retry-After"]) == 15 * 60
    # The owner, on their own connection, is not locked out.
    owner = _client("198.51.100.7")
    assert admin_login(owner, superuser.username, "pw").status_code == 302
    assert _signed_in(owner)


def test_site_login_locks_after_five_wrong_passwords(learner):
    attacker = _client("203.0.113.5")
    for _ in range(4):
        assert site_login(attacker, learner.email, "wrong").status_code == 200
    assert site_login(attacker, learner.email, "wrong").status_code == 429
    response = site_login(attacker, learner.email, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(attacker)
    assert "Please wait 15 minutes" in response.content.decode()
    assert "/account/password/reset/" in response.content.decode()


def test_site_and_admin_failures_count_against_one_account(superuser):
    attacker = _client("203.0.113.5")
    for _ in range(3):
        site_login(attacker, superuser.email.upper(), "wrong")
    for _ in range(2):
        admin_login(attacker, superuser.username, "wrong")
    assert admin_login(attacker, superuser.username, "pw").status_code == 429


def test_knowing_an_address_does_not_lock_its_owner_out(learner):
    """allauth counted failures per e-mail address, from anywhere."""
    for n in range(30):
        site_login(_client(f"203.0.113.{n + 1}"), learner.email, "wrong")
    owner = _client("198.51.100.7")
    response = site_login(owner, learner.email, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(owner)


def test_other_accounts_from_the_same_address_still_sign_in(learner, other_learner):
    shared = _client("192.0.2.10")  # e.g. a library's public computers
    for _ in range(6):
        site_login(shared, learner.email, "wrong")
    assert site_login(shared, other_learner.email, PASSWORD).status_code == 302


def test_attempts_are_logged_and_staff_unlock(client, learner, superuser, editor):
    attacker = _client("203.0.113.5")
    for _ in range(5):
        site_login(attacker, learner.email, "wrong")
    assert AccessFailureLog.objects.filter(username=learner.username).count() == 5
    attempt = AccessAttempt.objects.get(username=learner.username)
    assert attempt.ip_address == "203.0.113.5"
    assert PASSWORD not in attempt.post_data

    client.force_login(editor)
    assert client.get("/admin/lockouts/").status_code in (302, 403)
    assert client.post(f"/admin/lockouts/delete/{attempt.pk}/").status_code in (
        302,
        403,
    )
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()

    client.force_login(superuser)
    listing = client.get("/admin/lockouts/")
    assert listing.status_code == 200
    assert learner.username in listing.content.decode()
    assert client.get("/admin/lockouts/add/").status_code in (302, 403, 404)
    response = client.post(f"/admin/lockouts/delete/{attempt.pk}/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert site_login(attacker, learner.email, PASSWORD).status_code == 302


def test_behind_a_proxy_the_trusted_address_is_locked(settings, learner):
    settings.ACADEMY_TRUSTED_PROXY_HOPS = 1
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for n in range(5):
        proxy.post(
            "/account/login/",
            {"login": learner.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.18.0.{n}, 203.0.113.5",
        )
    locked = proxy.post(
        "/account/login/",
        {"login": learner.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5",
    )
    assert locked.status_code == 429
    other = proxy.post(
        "/account/login/",
        {"login": learner.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7",
    )
    assert other.status_code == 302
