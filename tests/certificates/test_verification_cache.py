"""Verification is served from the shared cache in front of Django, and never
stale: every change reads on the very next request, on the page, in the JSON
answer and in the Open Badge."""

import base64
import gzip
import json
import types

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from accounts.services import account_erasure_request
from certificates import throttling
from certificates.services import certificate_reissue, certificate_revoke
from cms.models import AcademySettings

pytestmark = pytest.mark.django_db


def surfaces(code):
    return [
        f"/verify/{code}/",
        f"/api/v1/verify/{code}",
        f"/openbadges/credentials/{code}",
    ]


def fetch(served, code):
    """(page, JSON answer, Open Badge, SQL queries) as a visitor gets them."""
    with CaptureQueriesContext(connection) as queries:
        answers = [served(url) for url in surfaces(code)]
    for url, (status, _headers, _body) in zip(surfaces(code), answers, strict=True):
        assert status in (200, 404), url
    page, answer, badge = (body for _status, _headers, body in answers)
    badge = json.loads(badge) if badge else None
    return page.decode(), json.loads(answer), badge, len(queries)


def test_a_repeated_check_never_reaches_django(served, complete_course):
    certificate = complete_course()
    page, answer, badge, first = fetch(served, certificate.code)
    assert "Valid" in page and answer["status"] == "valid"
    assert badge["credentialSubject"]
    assert first > 0
    handled = []
    request_started.connect(handled.append)
    try:
        again, answer_again, badge_again, queries = fetch(served, certificate.code)
    finally:
        request_started.disconnect(handled.append)
    assert queries == 0 and handled == []
    assert (again, answer_again, badge_again) == (page, answer, badge)


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
    client, served, complete_course, trainer, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    _page, _answer, badge, _ = fetch(served, certificate.code)  # cached as valid
    assert not _revoked_in_status_list(client, certificate)  # cached too
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=trainer, reason="Forged sheet")
    page, answer, badge_after, _ = fetch(served, certificate.code)
    assert "Revoked" in page and "Forged sheet" in page
    assert answer["status"] == "revoked"
    # The badge itself does not change: its status list entry does.
    assert badge_after == badge
    assert _revoked_in_status_list(client, certificate)
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate, by=trainer)
    page, answer, _badge, _ = fetch(served, certificate.code)
    assert new.display_code in page
    assert answer["replaced_by"].endswith(f"/verify/{new.code}/")


def test_name_visibility_and_erasure_read_on_the_very_next_request(
    client, served, complete_course, learner, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    page, _, _, _ = fetch(served, certificate.code)
    assert "Amina Haddad" not in page  # private by default
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/name-visibility/", {"name_public": "on"})
    page, answer, _, _ = fetch(served, certificate.code)
    assert "Amina Haddad" in page and answer["name"] == "Amina Haddad"
    with django_capture_on_commit_callbacks(execute=True):
        account_erasure_request(user=learner)
    page, answer, badge, _ = fetch(served, certificate.code)
    assert "Withdrawn" in page and "Amina" not in page
    assert answer["status"] == "withdrawn"
    assert badge is not None and "Amina" not in json.dumps(badge)


def test_academy_settings_change_rebuilds_the_page(served, complete_course, home):
    certificate = complete_course()
    fetch(served, certificate.code)
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    academy.academy_name = "Riverside Science Academy"
    academy.save()
    page, _, _, _ = fetch(served, certificate.code)
    assert "Riverside Science Academy" in page


def test_signed_in_visitors_get_their_own_page(
    client, served, complete_course, learner
):
    certificate = complete_course()
    fetch(served, certificate.code)  # cached for anonymous visitors
    client.force_login(learner)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    _status, _headers, page = served(
        f"/verify/{certificate.code}/",
        headers={"cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}"},
    )
    assert "My learning" in page.decode()


def test_each_language_and_host_has_its_own_page(served, complete_course, settings):
    settings.ALLOWED_HOSTS = ["testserver", "verify.example.org"]
    certificate = complete_course()
    english = served(f"/verify/{certificate.code}/")[2].decode()
    french = served(f"/fr/verify/{certificate.code}/")[2].decode()
    assert 'lang="fr"' in french and 'lang="en"' in english
    assert served(f"/fr/verify/{certificate.code}/")[2].decode() == french
    assert served(f"/verify/{certificate.code}/")[2].decode() == english
    with CaptureQueriesContext(connection) as queries:
        other = served(
            f"/verify/{certificate.code}/", headers={"host": "verify.example.org"}
        )
    assert other[0] == 200 and len(queries) > 0  # not the other host's copy


def test_refused_hosts_and_former_addresses_are_never_answered_from_the_cache(
    served, complete_course, settings
):
    certificate = complete_course()
    for url in surfaces(certificate.code):
        assert served(url)[0] == 200  # kept for this host
        refused = served(url, headers={"host": "attacker.example"})
        assert refused[0] == 400, url
    settings.ACADEMY_PUBLIC_BASE_URL = "https://academy.example.eu"
    settings.ACADEMY_FORMER_HOSTS = ["testserver"]  # this host, after a move
    for url in surfaces(certificate.code):
        status, headers, _body = served(url, headers={"host": "testserver"})
        assert status == 301, url
        assert headers["Location"] == f"https://academy.example.eu{url}"


def test_malformed_codes_never_become_cache_keys(served, db):
    cache.clear()
    for code in ("not-a-code", "zô\U00049a78", "X" * 200):
        served(f"/verify/{code}/")
        served(f"/api/v1/verify/{code}")
    keys = [key for key in getattr(cache, "_cache", {}) if "verify:" in key]
    assert keys, "the requests were not counted"
    assert all("verify:rate:" in key for key in keys), "a malformed code was cached"


def test_revalidation_answers_304_until_the_certificate_changes(
    client, served, complete_course, trainer, django_capture_on_commit_callbacks
):
    certificate = complete_course()
    etags = {}
    for url in surfaces(certificate.code):
        status, first, _body = served(url)
        assert first["Cache-Control"] == "no-cache"
        etags[url] = first["ETag"]
        for _ in range(2):  # from Django, then from the cache
            status, headers, body = served(url, headers={"if-none-match": etags[url]})
            assert status == 304 and body == b"", url
            # What Django's own 304 carries, no more.
            django_304 = client.get(url, headers={"if-none-match": etags[url]})
            assert sorted(headers.items()) == sorted(django_304.headers.items()), url
        weak = served(url, headers={"if-none-match": f'"other", W/{etags[url]}'})
        assert weak[0] == 304
        assert served(url, headers={"if-none-match": '"other"'})[0] == 200
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=trainer, reason="Forged sheet")
    for url in surfaces(certificate.code)[:2]:  # the badge stays as it was signed
        status, _headers, body = served(url, headers={"if-none-match": etags[url]})
        assert status == 200, url
        assert "revoked" in body.decode().lower()


def test_a_cached_answer_still_counts_against_the_limit(
    served, complete_course, settings, monkeypatch
):
    certificate = complete_course()
    monkeypatch.setattr(
        throttling, "time", types.SimpleNamespace(time=lambda: 1.8e9)
    )  # every request in one window
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 6
    urls = surfaces(certificate.code)
    for url in urls * 2:  # a miss, then a hit from the cache
        assert served(url)[0] == 200, url
    for url in urls:
        status, headers, _body = served(url)
        assert status == 429, url
        assert int(headers["Retry-After"]) > 0
    assert "Try again in" in json.loads(served(urls[1])[2])["error"]["message"]


def test_a_cached_answer_has_every_header_a_fresh_one_has(
    client, served, complete_course, settings
):
    settings.SECURE_HSTS_SECONDS = 3600
    certificate = complete_course()
    for url in surfaces(certificate.code):
        _status, first, body = served(url)
        with CaptureQueriesContext(connection) as queries:
            _status, again, body_again = served(url)
        assert len(queries) == 0, url
        assert sorted(again.items()) == sorted(first.items()), url
        assert body_again == body
        # The headers Django gives: nothing lost in front of it.
        fresh = client.get(url)
        assert sorted(again.items()) == sorted(fresh.headers.items()), url
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
        for _ in range(2):
            _status, secure, secure_body = served(url, secure=True)
            assert secure["Strict-Transport-Security"] == "max-age=3600"
            assert secure_body == body


def test_a_deployment_with_new_settings_never_gets_the_old_headers(
    served, complete_course, settings
):
    certificate = complete_course()
    url = f"/verify/{certificate.code}/"
    assert "report-uri" not in served(url)[1]["Content-Security-Policy"]
    assert "report-uri" not in served(url)[1]["Content-Security-Policy"]  # kept
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "report-uri": "/csp-reports/"}
    }
    # ``served`` starts a new application: a server started with the new settings.
    assert "report-uri /csp-reports/" in served(url)[1]["Content-Security-Policy"]
    settings.SECURE_REFERRER_POLICY = "no-referrer"
    assert served(url)[1]["Referrer-Policy"] == "no-referrer"
