"""Content-Security-Policy and Permissions-Policy on every kind of page; every
inline script or style the pages keep carries the request's nonce.

(The browser tests prove the same in Chromium: ``tests/browser/conftest.py``
fails any test during which a page reports a CSP violation.)"""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from academy.middleware import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>", re.I)
NOT_RUN = ("application/json", "text/template", "application/ld+json")


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_strict(response, *, admin=False):
    policy = directives(response)
    assert policy["script-src"].startswith("'self'")
    assert "unsafe" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    if admin:  # Wagtail's editors write styles from JavaScript
        assert policy["style-src"] == "'self' 'unsafe-inline'"
    else:
        assert "unsafe" not in policy["style-src"]
    assert "camera=()" in response["Permissions-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    content = response.content.decode()
    for match in INLINE_SCRIPT.finditer(content):
        attrs = match.group("attrs")
        if "src=" in attrs or any(kind in attrs for kind in NOT_RUN):
            continue
        snippet = content[match.start() : match.start() + 160]
        assert nonce, f"inline script but no nonce in the policy: {snippet}"
        assert f'nonce="{nonce.group(1)}"' in attrs, snippet
    if not admin:
        for match in re.finditer(r"<style(?P<attrs>[^>]*)>", content):
            assert nonce and f'nonce="{nonce.group(1)}"' in match.group("attrs")
        assert not re.search(r"<[a-z][^>]* style=", content), "inline style"


def test_site_pages(client, course_tree, learner, enrolled):
    for path in ("/", "/verify/", "/account/login/", course_tree["l3"].url):
        assert_strict(client.get(path))
    client.force_login(learner)
    for path in ("/learn/", "/account/profile/", course_tree["l3"].url):
        response = client.get(path)
        assert response.status_code == 200
        assert_strict(response)


def test_api_docs(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert_strict(response)
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_admin_pages_give_their_inline_scripts_the_nonce(
    client, superuser, course_tree, cohort
):
    client.force_login(superuser)
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{course_tree['l3'].pk}/edit/",
        f"/admin/pages/{course_tree['course'].pk}/",
        "/admin/cohorts/",
        "/admin/cohorts/new/",
        f"/admin/cohorts/edit/{cohort.pk}/",
        "/admin/certificates/",
        "/admin/lockouts/",
        "/admin/users/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(response, admin=True)


def test_json_api_has_a_policy_too(client):
    response = client.get("/api/v1/courses")
    assert directives(response)["default-src"] == "'self'"


def test_the_policy_follows_the_settings_and_the_nonce():
    """A policy without a nonce is built once per configuration: a new
    configuration, an admin address or a nonce still get their own."""

    def plain(request):
        return HttpResponse("plain")

    def with_nonce(request):
        return HttpResponse(str(request.csp_nonce))

    def policy(view, path="/"):
        middleware = ContentSecurityPolicyMiddleware(view)
        return middleware(RequestFactory().get(path))["Content-Security-Policy"]

    middleware = ContentSecurityPolicyMiddleware(plain)
    first = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    assert "nonce" not in first
    directives_setting = {
        "DIRECTIVES": {"default-src": ["'none'"], "img-src": ["'self'"]}
    }
    with override_settings(CONTENT_SECURITY_POLICY=directives_setting):
        changed = middleware(RequestFactory().get("/"))["Content-Security-Policy"]
    assert sorted(changed.split("; ")) == ["default-src 'none'", "img-src 'self'"]
    assert middleware(RequestFactory().get("/"))["Content-Security-Policy"] == first
    assert "unsafe-inline" in policy(plain, "/admin/")
    nonces = {policy(with_nonce) for _ in range(2)}
    assert len(nonces) == 2 and all("'nonce-" in value for value in nonces)
