"""Verification is served from the shared cache, and never stale: every change
reads on the very next request, on the page and in the JSON answer."""

import base64
import gzip
import types

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from accounts.services import account_erasure_request
from certificates import throttling
from certificates.services import certificate_reissue, certificate_revoke
from cms.models import AcademySettings

pytestmark = pytest.mark.django_db


def fetch(client, code):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/verify/{code}/")
        answer = client.get(f"/api/v1/verify/{code}")
    return page.content.decode(), answer.json(), len(queries)


def test_a_repeated_check_reads_no_database(client, complete_course):
    certificate = complete_course()
    page, answer, first = fetch(client, certificate.code)
    assert "Valid" in page and answer["status"] == "valid"
    assert first > 0
    again, answer_again, queries = fetch(client, certificate.code)
    assert queries == 0
    assert again == page and answer_again == answer


def _revoked_in_status_list(client, certificate) -> bool:
    status = client.get(
        f"/openbadges/status/revocation/{certificate.status_list}"
        if certificate.status_list
        else "/openbadges/status/revocation"
    ).json()
    encoded = status["credentialSubject"]["encodedList"]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=="))
    index = certificate.status_index
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revocation_and_reissue_read_on_the_very_next_request(
    client, complete_course, trainer, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    fetch(client, certificate.code)  # cached as valid
    assert not _revoked_in_status_list(client, certificate)  # cached too
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=trainer, reason="Forged sheet")
    page, answer, _ = fetch(client, certificate.code)
    assert "Revoked" in page and "Forged sheet" in page
    assert answer["status"] == "revoked"
    assert _revoked_in_status_list(client, certificate)
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate, by=trainer)
    page, answer, _ = fetch(client, certificate.code)
    assert new.display_code in page
    assert answer["replaced_by"].endswith(f"/verify/{new.code}/")


def test_name_visibility_and_erasure_read_on_the_very_next_request(
    client, complete_course, learner, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    page, _, _ = fetch(client, certificate.code)
    assert "Amina Haddad" not in page  # private by default
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/name-visibility/", {"name_public": "on"})
    client.logout()
    client.cookies.clear()
    page, answer, _ = fetch(client, certificate.code)
    assert "Amina Haddad" in page and answer["name"] == "Amina Haddad"
    with django_capture_on_commit_callbacks(execute=True):
        account_erasure_request(user=learner)
    page, answer, _ = fetch(client, certificate.code)
    assert "Withdrawn" in page and "Amina" not in page
    assert answer["status"] == "withdrawn"


def test_academy_settings_change_rebuilds_the_page(client, complete_course, home):
    certificate = complete_course()
    fetch(client, certificate.code)
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    academy.academy_name = "Riverside Science Academy"
    academy.save()
    page, _, _ = fetch(client, certificate.code)
    assert "Riverside Science Academy" in page


def test_signed_in_visitors_get_their_own_page(client, complete_course, learner):
    certificate = complete_course()
    fetch(client, certificate.code)  # cached for anonymous visitors
    client.force_login(learner)
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "My learning" in page


def test_malformed_codes_never_become_cache_keys(client, db):
    cache.clear()
    for code in ("not-a-code", "zô\U00049a78", "X" * 200):
        client.get(f"/verify/{code}/")
        client.get(f"/api/v1/verify/{code}")
    keys = [key for key in getattr(cache, "_cache", {}) if "verify:" in key]
    assert keys, "the requests were not counted"
    assert all("verify:rate:" in key for key in keys), "a malformed code was cached"


def test_revalidation_answers_304_until_the_certificate_changes(
    client, complete_course, trainer, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    urls = [f"/verify/{certificate.code}/", f"/api/v1/verify/{certificate.code}"]
    etags = {}
    for url in urls:
        first = client.get(url)
        assert first["Cache-Control"] == "no-cache"
        etags[url] = first["ETag"]
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=trainer, reason="Forged sheet")
    for url in urls:
        after = client.get(url, headers={"if-none-match": etags[url]})
        assert after.status_code == 200, url
        assert "revoked" in after.content.decode().lower()


def test_the_open_badge_comes_from_the_cache(client, complete_course):
    certificate = complete_course()
    url = f"/openbadges/credentials/{certificate.code}"
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0 and again.content == first.content
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_a_cached_answer_still_counts_against_the_limit(
    client, complete_course, settings, monkeypatch
):
    certificate = complete_course()
    monkeypatch.setattr(
        throttling, "time", types.SimpleNamespace(time=lambda: 1.8e9)
    )  # every request in one window
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 6
    urls = [
        f"/verify/{certificate.code}/",
        f"/api/v1/verify/{certificate.code}",
        f"/openbadges/credentials/{certificate.code}",
    ]
    for url in urls * 2:  # a miss, then a hit from the cache
        assert client.get(url).status_code == 200, url
    for url in urls:
        refused = client.get(url)
        assert refused.status_code == 429, url
        assert int(refused["Retry-After"]) > 0
    assert "Try again in" in client.get(urls[1]).json()["error"]["message"]


def test_a_cached_answer_has_every_header_a_fresh_one_has(
    client, complete_course, settings
):
    settings.SECURE_HSTS_SECONDS = 3600
    certificate = complete_course()
    for url in (
        f"/verify/{certificate.code}/",
        f"/api/v1/verify/{certificate.code}",
        f"/openbadges/credentials/{certificate.code}",
    ):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url)
        assert len(queries) == 0, url
        assert sorted(again.headers.items()) == sorted(first.headers.items()), url
        for header in (
            "Content-Security-Policy",
            "Permissions-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "ETag",
        ):
            assert header in again, (url, header)
        assert "Strict-Transport-Security" not in again  # plain HTTP
        secure = client.get(url, secure=True)
        assert secure["Strict-Transport-Security"] == "max-age=3600"
        assert secure.content == first.content


def test_a_deployment_with_new_policies_never_gets_the_old_headers(
    complete_course, settings
):
    certificate = complete_course()
    url = f"/verify/{certificate.code}/"
    assert "report-uri" not in Client().get(url)["Content-Security-Policy"]
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "report-uri": "/csp-reports/"}
    }
    # A new client is a new handler: a server started with the new settings.
    assert "report-uri /csp-reports/" in (Client().get(url)["Content-Security-Policy"])
