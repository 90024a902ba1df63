"""Public pages come from the shared cache for anonymous visitors, and every
change a visitor could see reads on the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.caching import mark_public
from cms.middleware import PublicPageCacheMiddleware
from courses.services import enrolment_create, enrolment_withdraw

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.fixture(autouse=True)
def _academy_settings(client, home):
    """The first request creates the academy's settings (a change of the site)."""
    client.get(home.url)


def public_pages(tree, course_index, home):
    return [
        home.url,
        course_index.url,
        course_index.url + "domains/",
        tree["course"].url,
        tree["modules"][0].url,
        tree["l1"].url,
    ]


def test_anonymous_pages_are_served_from_the_cache_with_every_header(
    client, course_tree, course_index, home
):
    for url in public_pages(course_tree, course_index, home):
        first, _ = get(client, url)
        assert first.status_code == 200, url
        assert first["Cache-Control"] == "public, no-cache"
        again, queries = get(client, url)
        assert queries == 0, url
        assert again.content == first.content
        for header in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Content-Language",
            "ETag",
            "Cache-Control",
        ):
            assert again[header] == first[header], (url, header)


def test_each_language_has_its_own_page(client, course_tree):
    url = course_tree["course"].url
    english, _ = get(client, url)
    french, _ = get(client, f"/fr{url}")
    french_again, queries = get(client, f"/fr{url}")
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()
    assert queries == 0 and french_again.content == french.content


def test_a_revalidation_with_the_etag_answers_304_without_a_body(client, course_tree):
    url = course_tree["course"].url
    first, _ = get(client, url)
    again, _ = get(client, url, if_none_match=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_signed_in_visitors_never_get_or_leave_a_cached_page(
    client, course_tree, learner
):
    url = course_tree["l1"].url
    get(client, url)  # cached for anonymous visitors
    client.force_login(learner)
    mine, queries = get(client, url)
    assert queries > 0
    assert "My learning" in mine.content.decode()
    assert "public" not in mine.get("Cache-Control", "")
    client.logout()
    client.cookies.clear()
    anonymous, _ = get(client, url)
    assert "My learning" not in anonymous.content.decode()


def test_publishing_a_change_reads_on_the_very_next_request(
    client, course_tree, course_index, django_capture_on_commit_callbacks
):
    course = course_tree["course"]
    get(client, course.url)
    get(client, course_index.url)
    course.title = "River watch, second edition"
    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    assert "second edition" in get(client, course.url)[0].content.decode()
    assert "second edition" in get(client, course_index.url)[0].content.decode()


def test_a_draft_saved_beside_a_live_page_keeps_the_cached_page(client, course_tree):
    course = course_tree["course"]
    get(client, course.url)
    course.title = "Not published yet"
    course.save_revision()
    page, queries = get(client, course.url)
    assert queries == 0 and "Not published yet" not in page.content.decode()


def test_places_left_change_on_enrolment_and_withdrawal(
    client, course_tree, cohort, learner, django_capture_on_commit_callbacks
):
    cohort.capacity = 3
    cohort.save()
    url = course_tree["course"].url
    assert "3 places left" in get(client, url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_create(cohort=cohort, learner=learner)
    assert "2 places left" in get(client, url)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=enrolment)
    assert "3 places left" in get(client, url)[0].content.decode()


def test_a_cohort_or_framework_change_reads_on_the_very_next_request(
    client, course_tree, cohort, course_index
):
    url = course_tree["course"].url
    get(client, url)
    cohort.name = "Spring in the wetlands"
    cohort.save()
    assert "Spring in the wetlands" in get(client, url)[0].content.decode()
    domains = course_index.url + "domains/"
    get(client, domains)
    domain = course_tree["competency"].domain
    domain.name = "Looking closely"
    domain.save()
    assert "Looking closely" in get(client, domains)[0].content.decode()


def _middleware_run(view, request):
    return PublicPageCacheMiddleware(view)(request)


def test_nothing_personal_is_ever_stored():
    """A public page that used a CSRF token, set a cookie or was asked for
    with a session, a message or credentials is not kept."""
    calls = []

    def csrf_view(request):
        calls.append(request)
        return mark_public(HttpResponse(get_token(request)))

    def cookie_view(request):
        calls.append(request)
        response = mark_public(HttpResponse("hello"))
        response.set_cookie("flavour", "oat")
        return response

    def plain_view(request):
        calls.append(request)
        return mark_public(HttpResponse("hello"))

    factory = RequestFactory()
    for view, path, extra in [
        (csrf_view, "/csrf/", {}),
        (cookie_view, "/cookie/", {}),
        (plain_view, "/session/", {"HTTP_COOKIE": "sessionid=abc"}),
        (plain_view, "/message/", {"HTTP_COOKIE": "messages=abc"}),
        (plain_view, "/token/", {"HTTP_AUTHORIZATION": "Token abc"}),
    ]:
        calls.clear()
        _middleware_run(view, factory.get(path, **extra))
        _middleware_run(view, factory.get(path, **extra))
        assert len(calls) == 2, path
    calls.clear()
    _middleware_run(plain_view, factory.get("/plain/"))
    _middleware_run(plain_view, factory.get("/plain/"))
    assert len(calls) == 1  # the control: a plain public page is kept


def test_signed_in_pages_find_their_page_from_the_route_cache(
    client, course_tree, learner
):
    client.force_login(learner)
    url = course_tree["l1"].url
    _, first = get(client, url)
    page, again = get(client, url)
    assert page.status_code == 200 and "Reading" in page.content.decode()
    assert again < first - 5  # the walk down the page tree is not repeated


def test_the_route_cache_works_before_any_anonymous_visit(client, course_tree, learner):
    """After the cache was emptied (Redis restarted), a signed-in visitor's
    request makes the site's token, so routes are kept from then on."""
    cache.clear()
    client.force_login(learner)
    url = course_tree["l1"].url
    _, first = get(client, url)
    _, again = get(client, url)
    assert again < first - 5


def test_an_unpublished_or_moved_page_routes_correctly_on_the_next_request(
    client, course_tree, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    lesson, other_module = course_tree["l1"], course_tree["modules"][1]
    old_url = lesson.url
    assert get(client, old_url)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        lesson.move(other_module, pos="last-child")
    lesson.refresh_from_db()
    moved = get(client, old_url)[0]  # Wagtail's automatic redirect, not the page
    assert moved.status_code == 301 and moved["Location"].endswith(lesson.url)
    assert get(client, lesson.url)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert get(client, lesson.url)[0].status_code == 404


def test_a_routable_sub_page_keeps_its_sub_path(
    client, course_tree, course_index, learner
):
    client.force_login(learner)
    domain = course_tree["competency"].domain
    url = course_index.url + f"domains/{domain.slug}/"
    first = get(client, url)[0]
    again = get(client, url)[0]
    assert first.status_code == again.status_code == 200
    assert domain.name in again.content.decode()
    missing = course_index.url + "domains/no-such-domain/"
    assert get(client, missing)[0].status_code == 404


def test_making_a_page_private_reads_on_the_very_next_request(client, course_tree):
    url = course_tree["course"].url
    assert get(client, url)[0].status_code == 200  # cached for anonymous visitors
    restriction = PageViewRestriction.objects.create(
        page=course_tree["course"], restriction_type=PageViewRestriction.LOGIN
    )
    assert get(client, url)[0].status_code == 302  # to the sign-in page
    restriction.delete()
    assert get(client, url)[0].status_code == 200


def test_only_known_query_parameters_are_stored(client, course_index):
    get(client, course_index.url + "?utm_source=newsletter")
    _, queries = get(client, course_index.url + "?utm_source=newsletter")
    assert queries > 0  # served, never stored: arbitrary strings would fill it
    get(client, course_index.url + "?language=en")
    assert get(client, course_index.url + "?language=en")[1] == 0


def test_unprefixed_pages_are_one_copy_whatever_the_browser_language(
    client, course_tree
):
    url = course_tree["course"].url
    get(client, url, accept_language="fr")
    page, queries = get(client, url, accept_language="lt")
    assert queries == 0 and '<html lang="en"' in page.content.decode()


def test_the_language_switcher_keeps_the_page_and_its_query(
    client, home, course_index, course_tree
):
    for prefix in ("/el", "/lt"):
        links = client.get(f"{prefix}/").content.decode()
        assert 'hreflang="en"' in links
        assert 'href="/" lang="en"' in links and 'href="/fr/" lang="fr"' in links
    domain = course_tree["competency"].domain
    page = client.get(f"/lt{course_index.url}domains/{domain.slug}/").content.decode()
    assert f'href="{course_index.url}domains/{domain.slug}/" lang="en"' in page
    quiz = course_tree["l2"].url + "quiz/quiz1/?q-q1=q1a"
    result = client.get(quiz).content.decode()
    assert 'href="/fr' + quiz.replace("&", "&amp;") + '" lang="fr"' in result
