"""A visitor switches language on every public page type of the demo academy,
translated or not, and never meets a "Page not found" or an English interface;
switching back leads to the same page (issue 18, decision 0033)."""

from urllib.parse import urlparse

import pytest

# The header's "Courses" link in each interface language.
NAV = {"en": "Courses", "fr": "Formations", "lt": "Kursai", "el": "Προγράμματα"}
UNTRANSLATED = "/courses/urban-biodiversity-survey/"  # in English only
PAGES = [
    ("home", "/"),
    ("catalogue", "/courses/"),
    ("domains", "/courses/domains/"),
    ("domain", "/courses/domains/research-methods/"),
    ("course", UNTRANSLATED),
    ("module", f"{UNTRANSLATED}urban-ecology/"),
    ("lesson", f"{UNTRANSLATED}urban-ecology/pollinators-101/"),
    ("translated-course", "/courses/air-quality-monitoring/"),
    ("translated-module", "/courses/air-quality-monitoring/why-air-quality-matters/"),
    ("verify", "/verify/"),
    ("search", "/courses/search/?q=pollinators"),
    ("search-empty", "/courses/search/"),
    ("search-nothing-found", "/courses/search/?q=zeppelin"),
]


def switch_to(page, code):
    page.click(f"nav.language-switcher a[hreflang={code}]")
    page.wait_for_load_state("load")


def assert_interface(page, code, where, query=""):
    assert page.get_attribute("html", "lang") == code, where
    assert urlparse(page.url).query == query, f"{where} kept the query"
    nav = page.locator("nav.site-nav").inner_text()
    assert NAV[code] in nav, where
    path = urlparse(page.url).path
    if code == "en":
        assert not path.startswith(("/fr/", "/lt/", "/el/")), where
    else:
        assert path.startswith(f"/{code}/"), where


@pytest.mark.browser
def test_every_page_type_switches_to_every_language(academy, phone, checks):
    base = academy["url"]
    page = phone.new_page()
    documents = []
    page.on(
        "response",
        lambda response: (
            documents.append((response.url, response.status))
            if response.request.resource_type == "document"
            else None
        ),
    )
    for name, address in PAGES:
        path, query = urlparse(address).path, urlparse(address).query
        for code in ("fr", "lt", "el"):
            page.goto(base + address)
            switch_to(page, code)
            assert_interface(page, code, f"{name} in {code}", query)
            # From there to another language, and back to English.
            other = {"fr": "lt", "lt": "el", "el": "fr"}[code]
            switch_to(page, other)
            assert_interface(page, other, f"{name} from {code} to {other}", query)
            switch_to(page, "en")
            assert_interface(page, "en", f"{name} from {other} to en", query)
            assert urlparse(page.url).path == path, f"{name} kept its address"
    failed = [(url, status) for url, status in documents if status >= 400]
    assert failed == []


@pytest.mark.browser
def test_an_untranslated_course_is_followed_in_french(academy, phone, checks):
    base = academy["url"]
    page = phone.new_page()
    page.goto(base + "/fr/courses/")
    assert page.locator("main .course-card").count() == 4  # every course
    page.click(f'main a[href="/fr{UNTRANSLATED}"]')
    page.wait_for_load_state("load")
    assert_interface(page, "fr", "untranslated course")
    assert page.get_attribute("main h1", "lang") == "en"  # content in English
    checks(page, "course-untranslated-fr")
    page.click(f'main a[href^="/fr{UNTRANSLATED}urban-ecology/"]')
    page.wait_for_load_state("load")
    assert_interface(page, "fr", "untranslated module")
    module = f"/fr{UNTRANSLATED}urban-ecology/"
    page.locator(f'main a[href^="{module}"]:not([href="{module}"])').first.click()
    page.wait_for_load_state("load")
    assert_interface(page, "fr", "untranslated lesson")
    assert page.get_attribute("main h1", "lang") == "en"
    checks(page, "lesson-untranslated-fr")
    page.goto(base + "/lt/courses/domains/research-methods/")
    checks(page, "domain-lt")
    assert checks.problems == []


@pytest.mark.browser
def test_a_search_keeps_its_query_and_finds_each_language(academy, phone, checks):
    """Searched from the header of a French page: French content in French,
    an untranslated course in English under the French address; switching to
    Greek keeps the query and finds the English original."""
    base = academy["url"]
    page = phone.new_page()
    page.goto(base + "/fr/courses/air-quality-monitoring/")
    page.fill("header input[name=q]", "dioxyde")
    page.press("header input[name=q]", "Enter")
    page.wait_for_load_state("load")
    assert_interface(page, "fr", "French search", "q=dioxyde")
    result = page.locator("main .search-result").first
    assert "/fr/courses/air-quality-monitoring/" in result.locator(
        "a"
    ).first.get_attribute("href")
    assert page.locator("main mark").first.inner_text().lower() == "dioxyde"
    page.fill("main input[name=q]", "pollinators")
    page.press("main input[name=q]", "Enter")
    page.wait_for_load_state("load")
    untranslated = page.locator(f'main a[href^="/fr{UNTRANSLATED}"]').first
    assert untranslated.get_attribute("lang") == "en"
    switch_to(page, "el")
    assert_interface(page, "el", "Greek search", "q=pollinators")
    assert page.locator(f'main a[href^="/el{UNTRANSLATED}"]').count() > 0
    checks(page, "search-el")
    assert checks.problems == []
