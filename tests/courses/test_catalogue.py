"""The catalogue, its filters, and the competency domain pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.caching import site_content_changed
from courses.models import CompetencyDomain, CourseDomain
from courses.selectors import CATALOGUE_PAGE_SIZE, UNKNOWN_FILTER
from tests.courses.factories import (
    CompetencyDomainFactory,
    CompetencyFactory,
    make_course,
    make_module,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(course_index):
    """Air (online, en, ethics), bees (in person, fr), health (blended)."""
    ethics = CompetencyDomain.objects.get(slug="research-ethics")
    methods = CompetencyDomain.objects.get(slug="research-methods")
    species = CompetencyDomainFactory(name="Species identification", slug="species")
    air = make_course(
        course_index,
        title="Air quality",
        slug="air",
        delivery_mode="online",
        language="en",
    )
    make_module(air, competencies=[ethics.competencies.first()], title="Consent")
    bees = make_course(
        course_index,
        title="Bees",
        slug="bees",
        delivery_mode="in_person",
        language="fr",
    )
    make_module(
        bees,
        competencies=[methods.competencies.first(), CompetencyFactory(domain=species)],
        title="Counting bees",
    )
    health = make_course(
        course_index,
        title="Health",
        slug="health",
        delivery_mode="blended",
        language="en",
    )
    health.course_domains = [CourseDomain(domain=species)]
    health.save_revision().publish()
    return {"air": air, "bees": bees, "health": health, "species": species}


def titles(response):
    return [c.title for c in response.context["courses"]]


def test_catalogue_lists_live_courses(client, catalogue, course_index):
    response = client.get(course_index.url)
    assert response.status_code == 200
    assert titles(response) == ["Air quality", "Bees", "Health"]
    assert "3 courses" in response.content.decode()


def test_draft_courses_are_not_listed(client, catalogue, course_index):
    catalogue["health"].unpublish()
    assert titles(client.get(course_index.url)) == ["Air quality", "Bees"]


def test_filter_by_domain_uses_module_competencies(client, catalogue, course_index):
    response = client.get(course_index.url, {"domain": "research-ethics"})
    assert titles(response) == ["Air quality"]


def test_filter_by_domain_includes_declared_course_domains(
    client, catalogue, course_index
):
    response = client.get(course_index.url, {"domain": "species"})
    assert titles(response) == ["Bees", "Health"]


def test_filter_by_delivery_mode_and_language(client, catalogue, course_index):
    assert titles(client.get(course_index.url, {"mode": "in_person"})) == ["Bees"]
    assert titles(client.get(course_index.url, {"language": "en"})) == [
        "Air quality",
        "Health",
    ]
    response = client.get(course_index.url, {"language": "en", "mode": "blended"})
    assert titles(response) == ["Health"]


def test_filters_show_only_languages_that_courses_use(client, catalogue, course_index):
    response = client.get(course_index.url)
    assert [code for code, _ in response.context["languages"]] == ["en", "fr"]


def test_no_match_shows_an_empty_state(client, catalogue, course_index):
    response = client.get(course_index.url, {"mode": "online", "language": "fr"})
    content = response.content.decode()
    assert titles(response) == []
    assert "No courses match these filters" in content
    assert "Show all courses" in content


def test_unknown_filter_values_are_ignored_with_a_message(
    client, catalogue, course_index
):
    response = client.get(course_index.url, {"domain": "nope", "mode": "teleport"})
    assert response.status_code == 200
    assert titles(response) == ["Air quality", "Bees", "Health"]
    assert str(UNKNOWN_FILTER) in response.content.decode()


def test_filter_form_works_without_javascript(client, catalogue, course_index):
    content = client.get(course_index.url).content.decode()
    assert 'method="get"' in content
    assert '<label for="filter-domain">' in content
    assert 'type="submit"' in content


def test_empty_catalogue_says_so(client, course_index):
    content = client.get(course_index.url).content.decode()
    assert "No courses yet" in content


def test_catalogue_is_paginated_and_keeps_filters(client, course_index):
    for n in range(CATALOGUE_PAGE_SIZE + 2):
        make_course(course_index, title=f"Course {n:02d}", slug=f"c{n}", language="en")
    first = client.get(course_index.url, {"language": "en"})
    assert len(first.context["courses"]) == CATALOGUE_PAGE_SIZE
    assert "language=en&amp;page=2" in first.content.decode()
    second = client.get(course_index.url, {"language": "en", "page": 2})
    assert len(second.context["courses"]) == 2
    # A page number past the end shows the last page rather than an error.
    assert client.get(course_index.url, {"page": 99}).status_code == 200


def test_domain_index_lists_core_and_course_specific_domains(
    client, catalogue, course_index
):
    response = client.get(course_index.url + "domains/")
    content = response.content.decode()
    assert response.status_code == 200
    assert [d.slug for d in response.context["core_domains"]] == [
        "research-methods",
        "research-ethics",
        "fieldwork-strategies",
        "coding-and-analysing-data",
        "communication-and-dissemination",
        "teamwork-and-collaboration",
    ]
    assert "Species identification" in content


def test_domain_page_lists_competencies_courses_and_modules(
    client, catalogue, course_index
):
    response = client.get(course_index.url + "domains/research-methods/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Follow a sampling protocol" in content
    assert [c.title for c in response.context["domain_courses"]] == ["Bees"]
    assert "Counting bees" in content
    assert "Air quality" not in content


def test_domain_page_for_a_domain_no_course_develops(client, catalogue, course_index):
    response = client.get(course_index.url + "domains/teamwork-and-collaboration/")
    assert "No published course develops this domain yet." in response.content.decode()


def test_unknown_domain_is_404(client, course_index):
    assert client.get(course_index.url + "domains/astrology/").status_code == 404


def test_course_page_groups_competencies_by_domain(client, catalogue):
    response = client.get(catalogue["bees"].url)
    groups = response.context["competency_groups"]
    assert [g.domain.slug for g in groups] == ["research-methods", "species"]
    assert "Counting bees" in response.content.decode()


def test_pages_have_landmarks_skip_link_and_one_h1(client, catalogue, course_index):
    for url in [
        "/",
        course_index.url,
        course_index.url + "domains/",
        course_index.url + "domains/research-ethics/",
        catalogue["air"].url,
    ]:
        content = client.get(url).content.decode()
        assert 'href="#main-content"' in content, url
        assert '<main id="main-content"' in content, url
        assert "<header" in content and "<footer" in content and "<nav" in content
        assert content.count("<h1") == 1, url
        assert 'name="viewport"' in content


def test_no_asset_comes_from_another_site(client, catalogue, course_index):
    content = client.get(course_index.url).content.decode()
    for tag in ("<script src=", '<link rel="stylesheet" href='):
        for part in content.split(tag)[1:]:
            assert part.startswith(('"/', "'/")), part[:60]


def test_language_switcher_links_translations(client, catalogue, course_index):
    french = Locale.objects.create(language_code="fr")
    home_fr = course_index.get_parent().copy_for_translation(french)
    home_fr.save_revision().publish()
    index_fr = course_index.copy_for_translation(french)
    index_fr.save_revision().publish()
    content = client.get(course_index.url).content.decode()
    assert 'hreflang="fr"' in content
    assert f'href="{index_fr.url}"' in content
    assert client.get(index_fr.url).status_code == 200


@pytest.mark.parametrize(("code", "courses"), [("lt", "Kursai"), ("el", "Προγράμματα")])
def test_every_interface_language_is_offered_around_untranslated_content(
    client, catalogue, course_index, code, courses
):
    content = client.get(course_index.url).content.decode()
    link = f"/{code}{course_index.url}"
    assert f'href="{link}" lang="{code}"' in content
    translated = client.get(link).content.decode()
    assert f'<html lang="{code}"' in translated
    assert f">{courses}</a>" in translated


def test_content_in_another_language_than_the_interface_is_marked(client, course_tree):
    lesson = course_tree["l2"]
    english = client.get(lesson.url).content.decode()
    assert 'lang="en"' not in english.split("<main", 1)[1]
    lithuanian = client.get(f"/lt{lesson.url}").content.decode()
    assert '<html lang="lt"' in lithuanian
    assert f'<h1 lang="en">{lesson.title}</h1>' in lithuanian
    assert 'lang="en">Check my answers' not in lithuanian  # interface stays lt


def test_catalogue_queries_do_not_grow_with_the_courses(client, course_index):
    """Counted, not timed: each course card used to read its locale again."""

    def queries_for_the_catalogue():
        client.get(course_index.url)  # warm per-process caches
        site_content_changed()  # render the page again, not from the page cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(course_index.url).status_code == 200
        return len(queries)

    for n in range(2):
        make_course(course_index, title=f"Course {n}", slug=f"c{n}", language="en")
    few = queries_for_the_catalogue()
    for n in range(2, 8):
        make_course(course_index, title=f"Course {n}", slug=f"c{n}", language="en")
    assert queries_for_the_catalogue() == few


def test_the_header_links_follow_a_renamed_catalogue(
    client, course_index, learner, django_capture_on_commit_callbacks
):
    client.force_login(learner)  # signed in: no page cache, only the links'
    header = client.get("/learn/").content.decode().split("</header>")[0]
    assert f'href="{course_index.url}"' in header
    assert f'href="{course_index.url}domains/"' in header
    course_index.slug = "programmes"
    with django_capture_on_commit_callbacks(execute=True):
        course_index.save_revision().publish()
    header = client.get("/learn/").content.decode().split("</header>")[0]
    assert 'href="/programmes/"' in header and 'href="/programmes/domains/"' in header
