"""One rate limit for all public verification, keyed on the trusted client address."""

import itertools
import types

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from certificates import throttling

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """Every request of a test falls in the same rate-limit window (no clock)."""
    cache.clear()
    monkeypatch.setattr(throttling, "time", types.SimpleNamespace(time=lambda: 1.8e9))
    yield
    cache.clear()


def _requests(client):
    """Each kind of verification request, in turn, for ever."""
    return itertools.cycle(
        [
            lambda **h: client.get("/verify/ABCD-EFGH/", **h),
            lambda **h: client.get("/verify/", {"code": "ABCD"}, **h),
            lambda **h: client.get("/api/v1/verify/ABCD", **h),
            lambda **h: client.post(
                "/api/v1/verify", {"codes": ["ABCD"]}, format="json", **h
            ),
            lambda **h: client.get("/openbadges/credentials/ABCD", **h),
            lambda **h: client.head("/verify/ABCD/", **h),
        ]
    )


def test_a_new_forwarded_for_each_time_does_not_reset_the_limit(settings):
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 20
    client = APIClient()
    kinds = _requests(client)
    statuses = [
        next(kinds)(HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
        for i in range(100)
    ]
    assert 429 not in statuses[:20]
    assert statuses[20:] == [429] * 80


def test_pages_json_bulk_and_badges_share_one_counter(settings):
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 6
    client = APIClient()
    kinds = _requests(client)
    assert all(next(kinds)().status_code != 429 for _ in range(6))
    page = client.get("/verify/ABCD/")
    assert page.status_code == 429
    assert int(page["Retry-After"]) > 0
    assert "Please wait" in page.content.decode()
    api = client.get("/api/v1/verify/ABCD")
    assert api.status_code == 429
    assert int(api["Retry-After"]) > 0
    assert "Try again in" in api.json()["error"]["message"]
    badge = client.get("/openbadges/credentials/ABCD")
    assert badge.status_code == 429


def test_behind_trusted_proxies_the_proxy_seen_address_counts(settings):
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 3
    settings.ACADEMY_TRUSTED_PROXY_HOPS = 1
    client = APIClient()
    for spoofed in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        response = client.get(
            "/api/v1/verify/ABCD", HTTP_X_FORWARDED_FOR=f"{spoofed}, 203.0.113.9"
        )
        assert response.status_code == 404
    blocked = client.get(
        "/api/v1/verify/ABCD", HTTP_X_FORWARDED_FOR="4.4.4.4, 203.0.113.9"
    )
    assert blocked.status_code == 429
    other_client = client.get(
        "/api/v1/verify/ABCD", HTTP_X_FORWARDED_FOR="203.0.113.9, 203.0.113.10"
    )
    assert other_client.status_code == 404
    # Garbage where the proxy's entry should be: the connection's address counts.
    for _ in range(3):
        client.get("/verify/ABCD/", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client.get("/verify/ABCD/").status_code == 429


def test_ipv6_clients_are_counted_per_64_block(settings):
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 2
    client = APIClient()
    for host in ("2001:db8::1", "2001:db8::2"):
        assert client.get("/verify/ABCD/", REMOTE_ADDR=host).status_code == 404
    assert client.get("/verify/ABCD/", REMOTE_ADDR="2001:db8::3").status_code == 429
    assert client.get("/verify/ABCD/", REMOTE_ADDR="2001:db9::3").status_code == 404


def test_drf_throttles_ignore_a_forwarded_for_the_client_wrote(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], anon="3/minute")
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        client = APIClient()
        statuses = [
            client.get(
                "/api/v1/courses", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
            ).status_code
            for i in range(5)
        ]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 200, 429, 429]


def test_verify_pages_and_badge_urls_answer_head(client):
    assert client.head("/verify/").status_code == 200
    assert client.head("/verify/ABCD/").status_code == 404
    assert client.head("/openbadges/credentials/ABCD").status_code == 404
    assert client.head("/api/v1/verify/ABCD").status_code == 404
    assert client.head("/openbadges/status/revocation").status_code == 200
    assert client.head("/healthz/").status_code == 200
