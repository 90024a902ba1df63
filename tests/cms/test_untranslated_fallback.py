"""Untranslated pages in every interface language (issue 18, decision 0033):
served in their own language, marked with ``lang``, under the interface
language's address, from a cache that never mixes languages; and a language
switcher that keeps every page's address."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.courses.factories import translate

pytestmark = pytest.mark.django_db

NAV = {"fr": "Formations", "lt": "Kursai", "el": "Προγράμματα"}


def html(response) -> str:
    return response.content.decode()


def switcher(content: str) -> dict[str, str]:
    """``{language: address}`` of the language switcher's links."""
    nav = content.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {
        code: url.replace("&amp;", "&")
        for url, code in re.findall(r'href="([^"]*)" lang="([a-z]+)"', nav)
    }


def test_an_untranslated_course_answers_in_french_with_english_content(
    client, course_tree, french_site
):
    course, module, lesson = (
        course_tree["course"],
        course_tree["modules"][0],
        course_tree["l1"],
    )
    for page in (course, module, lesson):
        response = client.get(f"/fr{page.url}")
        assert response.status_code == 200, page.url
        content = html(response)
        assert '<html lang="fr"' in content
        assert f">{NAV['fr']}</a>" in content  # the interface is French
        assert f'<h1 lang="en">{page.title}</h1>' in content  # the content is not


@pytest.mark.parametrize("code", ["fr", "lt", "el"])
def test_links_on_untranslated_pages_keep_the_interface_language(
    client, course_tree, french_site, code
):
    course, module = course_tree["course"], course_tree["modules"][0]
    content = html(client.get(f"/{code}{course.url}"))
    assert f'href="/{code}{module.url}"' in content  # the module list
    header = content.split("</header>", 1)[0]
    assert f'href="/{code}/courses/"' in header  # the catalogue in the header
    assert f'href="/{code}/courses/domains/"' in header
    lesson_page = html(client.get(f"/{code}{course_tree['l1'].url}"))
    assert f'href="/{code}{course_tree["l2"].url}"' in lesson_page  # next lesson
    assert 'href="/courses/' not in lesson_page.split('class="language-switcher"')[0]
    crumbs = lesson_page.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    assert f'href="/{code}{course.url}" lang="en">{course.title}</a>' in crumbs
    assert f'href="/{code}{module.url}" lang="en">{module.title}</a>' in crumbs
    assert 'href="/courses/' not in crumbs


def test_breadcrumbs_lead_to_the_translated_catalogue(client, course_tree, french_site):
    content = html(client.get(f"/fr{course_tree['l1'].url}"))
    crumbs = content.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/fr/courses/">Formations</a>' in crumbs


def test_a_translated_page_is_served_in_translation(client, course_tree, french_site):
    course = course_tree["course"]
    french = translate(course, french_site["locale"], title="Veille des rivières")
    assert french.url == f"/fr{course.url}"
    content = html(client.get(french.url))
    assert "<h1>Veille des rivières</h1>" in content
    # Its untranslated modules are still reachable under it.
    module = course_tree["modules"][0]
    response = client.get(f"/fr{module.url}")
    assert response.status_code == 200
    assert f'<h1 lang="en">{module.title}</h1>' in html(response)


def test_an_address_that_leads_nowhere_is_still_404(client, course_tree, french_site):
    assert client.get("/fr/courses/no-such-course/").status_code == 404
    assert client.get(f"/fr{course_tree['course'].url}nope/").status_code == 404


def test_page_addresses_outside_a_prefixed_request_stay_the_pages_own(
    client, course_tree, french_site
):
    """The admin, the API, e-mails sent by commands: no language left active by
    an earlier request changes a page's address."""
    course = course_tree["course"]
    client.get(f"/lt{course.url}")
    with translation.override("lt"):
        assert course.url == "/courses/river-watch/"
    assert french_site["index"].url == "/fr/courses/"


@pytest.mark.parametrize("code", ["fr", "lt", "el"])
def test_the_page_cache_never_serves_one_language_in_another(
    client, course_tree, french_site, code
):
    url = course_tree["course"].url
    for _round in range(2):  # the second round comes from the shared cache
        english = html(client.get(url))
        other = html(client.get(f"/{code}{url}"))
        assert '<html lang="en"' in english and f">{NAV[code]}</a>" not in english
        assert f'<html lang="{code}"' in other and f">{NAV[code]}</a>" in other
        assert 'href="/courses/river-watch/basics/"' in english
        assert f'href="/{code}/courses/river-watch/basics/"' in other


@pytest.mark.parametrize("code", ["lt", "el"])
def test_switching_language_on_a_domain_page_keeps_the_domain(
    client, course_tree, course_index, french_site, code
):
    slug = course_tree["competency"].domain.slug
    content = html(client.get(f"/{code}/courses/domains/{slug}/"))
    links = switcher(content)
    assert links["en"] == f"/courses/domains/{slug}/"
    assert links["fr"] == f"/fr/courses/domains/{slug}/"
    assert links["lt"] == f"/lt/courses/domains/{slug}/"
    assert links["el"] == f"/el/courses/domains/{slug}/"
    for url in links.values():
        assert client.get(url).status_code == 200, url


def test_switching_language_keeps_every_page_type(client, course_tree, french_site):
    pages = [
        "/",
        "/courses/",
        "/courses/domains/",
        course_tree["course"].url,
        course_tree["modules"][0].url,
        course_tree["l1"].url,
    ]
    for path in pages:
        for here in ("", "/fr", "/lt", "/el"):
            links = switcher(html(client.get(here + path)))
            assert links == {
                "en": path,
                "fr": f"/fr{path}",
                "lt": f"/lt{path}",
                "el": f"/el{path}",
            }, here + path


def test_switching_from_a_french_translation_leads_to_its_original(
    client, course_tree, french_site
):
    course = course_tree["course"]
    french = translate(course, french_site["locale"], slug="veille-des-rivieres")
    links = switcher(html(client.get(french.url)))
    assert links["fr"] == "/fr/courses/veille-des-rivieres/"
    assert links["en"] == course.url
    assert links["lt"] == f"/lt{course.url}"
    links = switcher(html(client.get(f"/lt{course.url}")))
    assert links["fr"] == "/fr/courses/veille-des-rivieres/"


def test_switching_language_keeps_other_views_address(client):
    for here in ("", "/fr", "/lt", "/el"):
        for path in ("/verify/", "/verify/many/", "/account/login/"):
            links = switcher(html(client.get(here + path)))
            assert links == {
                "en": path,
                "fr": f"/fr{path}",
                "lt": f"/lt{path}",
                "el": f"/el{path}",
            }, here + path


@pytest.mark.parametrize("code", ["fr", "lt", "el"])
def test_the_pdf_check_address_leads_to_the_form_in_its_language(client, code):
    response = client.get(f"/{code}/verify/check/")
    assert response.status_code == 302
    assert response["Location"] == f"/{code}/verify/"
    assert client.head(f"/{code}/verify/check/").status_code == 302
    form = client.get(response["Location"])
    assert form.status_code == 200 and f'<html lang="{code}"' in html(form)


def test_the_pdf_check_result_switches_language_to_the_form(client):
    pdf = SimpleUploadedFile(
        "cert.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf"
    )
    response = client.post("/lt/verify/check/", {"pdf": pdf})
    assert response.status_code == 200
    links = switcher(html(response))
    assert links == {
        "en": "/verify/",
        "fr": "/fr/verify/",
        "lt": "/lt/verify/",
        "el": "/el/verify/",
    }
