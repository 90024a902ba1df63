"""Search of the catalogue: courses, modules and lessons grouped by course, in
the interface language with untranslated courses in their own (issue 18,
decisions 0033 and 0040)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from cms.caching import site_content_changed
from courses.selectors.search import (
    NO_WORDS,
    QUERY_TOO_LONG,
    SEARCH_MAX_LENGTH,
    SEARCH_PAGE_SIZE,
    search_words,
    snippet,
)
from tests.courses.factories import (
    make_course,
    make_lesson,
    make_module,
    quiz_value,
    translate,
)

pytestmark = pytest.mark.django_db


def text(words: str) -> list[dict]:
    return [{"type": "text", "value": f"<p>{words}</p>"}]


@pytest.fixture
def two_courses(course_index):
    """Bird count (a module and two lessons about birds, one about trees) and
    Tree survey (one lesson mentioning birds)."""
    birds = make_course(
        course_index,
        title="Bird count",
        slug="bird-count",
        summary="Count garden birds every spring.",
    )
    module = make_module(
        birds,
        title="Counting",
        slug="counting",
        introduction="<p>How volunteers count <b>sparrow</b> pairs in a garden.</p>",
    )
    make_lesson(
        module,
        title="Timed counts",
        slug="timed",
        body=text("Sit still for ten minutes and note every sparrow you hear."),
    )
    make_lesson(
        module,
        title="Spotting nests",
        slug="nests",
        summary="Where a sparrow nests.",
        body=text("Look under the eaves."),
    )
    make_lesson(module, title="Bark", slug="bark", body=text("Oak bark is rough."))
    trees = make_course(
        course_index,
        title="Tree survey",
        slug="tree-survey",
        summary="Measure the trees of a park.",
    )
    make_lesson(
        make_module(trees, title="Trees", slug="trees"),
        title="Who lives in a tree",
        slug="who-lives",
        body=text("A sparrow may nest in a hollow oak."),
    )
    return {"birds": birds, "module": module, "trees": trees}


def main(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('<main id="main-content"', 1)[1]


def groups(content: str) -> list[str]:
    """Each course group of a results page, in order."""
    return content.split('<li class="search-result">')[1:]


def test_results_are_grouped_by_course_with_their_modules_and_lessons(
    client, two_courses
):
    content = main(client.get("/courses/search/?q=sparrow"))
    assert "2 courses match “sparrow”" in content
    # best match first: the order is the search backend's
    birds, trees = sorted(groups(content), key=lambda group: "Tree survey" in group)
    assert '<a href="/courses/bird-count/">Bird count</a>' in birds
    assert 'href="/courses/bird-count/counting/">Counting</a>' in birds  # module
    assert 'href="/courses/bird-count/counting/timed/">Timed counts</a>' in birds
    assert 'href="/courses/bird-count/counting/nests/">Spotting nests</a>' in birds
    assert "Bark" not in birds
    assert "Lesson in <span>Counting</span>" in birds
    assert "note every <mark>sparrow</mark> you hear." in birds  # the snippet
    assert "Where a <mark>sparrow</mark> nests." in birds
    assert '<a href="/courses/tree-survey/">Tree survey</a>' in trees
    assert "A <mark>sparrow</mark> may nest in a hollow oak." in trees
    assert "Timed counts" not in trees


def test_every_word_must_match(client, two_courses):
    content = main(client.get("/courses/search/?q=sparrow+hollow"))
    assert "1 course matches" in content
    assert "Tree survey" in content and "Bird count" not in content


def test_a_course_that_matches_itself_is_listed_without_matches(client, two_courses):
    content = main(client.get("/courses/search/?q=garden"))  # summary, module
    (birds,) = groups(content)
    assert "Bird count" in birds
    content = main(client.get("/courses/search/?q=measure"))  # summary only
    (trees,) = groups(content)
    assert "Tree survey" in trees and "search-matches" not in trees


def test_only_live_public_pages_are_found(client, two_courses, course_index):
    module = two_courses["module"]
    draft = make_lesson(module, title="Draft", slug="draft", body=text("Wren song."))
    draft.unpublish()
    live = make_lesson(module, title="Live", slug="live", body=text("Robin song."))
    live.body = text("Robin and wren song.")
    live.save_revision()  # a draft change, not published
    private = make_course(course_index, title="Private", slug="private")
    make_lesson(
        make_module(private, title="Hidden", slug="hidden"),
        title="Secret",
        slug="secret",
        body=text("Wren nests."),
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    assert "0 courses match" in main(client.get("/courses/search/?q=wren"))
    assert "Live" in main(client.get("/courses/search/?q=robin"))


def test_unpublished_and_published_pages_leave_and_join_the_results(
    client, two_courses
):
    lesson = make_lesson(
        two_courses["module"], title="Owls", slug="owls", body=text("Barn owls.")
    )
    assert "Owls" in main(client.get("/courses/search/?q=owls"))
    lesson.unpublish()
    assert "0 courses match" in main(client.get("/courses/search/?q=owls"))
    lesson.save_revision().publish()
    assert "Owls" in main(client.get("/courses/search/?q=owls"))


def test_quiz_feedback_is_not_searchable(client, two_courses):
    quiz = quiz_value()
    quiz["questions"][0]["value"]["options"][0]["value"]["feedback"] = "Zebra!"
    make_lesson(
        two_courses["module"],
        title="Quiz",
        slug="quiz",
        body=[{"type": "quiz", "value": quiz}],
    )
    assert "0 courses match" in main(client.get("/courses/search/?q=zebra"))


def test_the_empty_search_invites_a_query(client, two_courses):
    content = main(client.get("/courses/search/"))
    assert "What would you like to learn?" in content
    assert 'name="q" value=""' in content
    assert '<label for="search-q">Search courses and lessons</label>' in content
    assert "result-count" not in content


def test_no_results_suggest_each_word_and_the_catalogue(client, two_courses):
    content = main(client.get("/courses/search/?q=sparrow+zeppelin"))
    assert "0 courses match “sparrow zeppelin”" in content
    assert "Nothing found" in content
    assert '<a href="?q=sparrow">sparrow</a>' in content
    assert '<a href="?q=zeppelin">zeppelin</a>' in content
    assert 'href="/courses/">Show all courses</a>' in content


def test_an_overlong_search_is_refused_with_a_message(client, two_courses):
    query = "sparrow " * 30
    content = main(client.get("/courses/search/", {"q": query}))
    message = QUERY_TOO_LONG % {
        "show_value": len(query.strip()),
        "limit_value": SEARCH_MAX_LENGTH,
    }
    assert str(message) in content
    assert 'aria-invalid="true"' in content
    assert "search-result" not in content  # nothing searched
    ok = main(client.get("/courses/search/", {"q": "sparrow " * 20}))
    assert "2 courses match" in ok


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE wagtailcore_page; --",
        '"',
        '"sparrow',
        "sparrow*",
        "NEAR(sparrow oak)",
        "sparrow AND OR NOT",
        "sparrow & | ! : ( )",
        "%_\\",
        "日本語 鳥",
        "sparrow\u200b",
        "a" * SEARCH_MAX_LENGTH,
        "the",
    ],
)
def test_odd_searches_never_fail(client, two_courses, query):
    content = main(client.get("/courses/search/", {"q": query}))
    assert "result-count" in content or 'class="errorlist"' in content


@pytest.mark.parametrize("query", ["!!!", "--", "***", "“”", "_"])
def test_punctuation_alone_is_explained(client, two_courses, query):
    content = main(client.get("/courses/search/", {"q": query}))
    assert str(NO_WORDS) in content
    assert "result-count" not in content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "sparrow", "page": "abc"},
        {"q": "sparrow", "page": "999"},
        {"q": ["sparrow", "oak"]},
    ],
)
def test_odd_parameters_never_fail(client, two_courses, params):
    assert client.get("/courses/search/", params).status_code == 200


def test_a_null_byte_is_a_bad_request(client, two_courses):
    response = client.get("/courses/search/", {"q": "bad\x00byte"})
    assert response.status_code == 400  # academy.middleware, before the page


def test_courses_are_paginated_and_pages_keep_the_query(client, course_index):
    for n in range(SEARCH_PAGE_SIZE + 1):
        make_course(course_index, title=f"Heron walk {n}", slug=f"heron-{n}")
    first = main(client.get("/courses/search/?q=heron"))
    assert len(groups(first)) == SEARCH_PAGE_SIZE
    assert f"{SEARCH_PAGE_SIZE + 1} courses match" in first
    assert 'href="?q=heron&amp;page=2"' in first
    second = main(client.get("/courses/search/?q=heron&page=2"))
    assert len(groups(second)) == 1


def test_the_catalogue_and_every_page_offer_the_search(client, two_courses):
    catalogue = main(client.get("/courses/"))
    assert 'action="/courses/search/" role="search"' in catalogue
    page = client.get("/fr/courses/bird-count/").content.decode()
    header = page.split("</header>")[0]
    assert 'action="/fr/courses/search/" role="search"' in header
    assert '<label for="site-search-q" class="visually-hidden">' in header


def test_the_language_switcher_keeps_the_query(client, two_courses):
    content = client.get("/courses/search/?q=sparrow").content.decode()
    for code in ("fr", "lt", "el"):
        assert f'href="/{code}/courses/search/?q=sparrow"' in content
    lithuanian = client.get("/lt/courses/search/?q=sparrow").content.decode()
    assert '<html lang="lt"' in lithuanian
    assert 'href="/courses/search/?q=sparrow" lang="en"' in lithuanian


@pytest.fixture
def french_birds(two_courses, french_site):
    """Bird count translated into French (its module and first lesson);
    Tree survey untranslated."""
    french = french_site["locale"]
    birds = two_courses["birds"]
    translate(birds, french, title="Comptage des oiseaux", summary="Compter.")
    module = two_courses["module"]
    translate(
        module,
        french,
        title="Compter",
        introduction="<p>Comment compter les moineaux.</p>",
    )
    lesson = module.get_children().get(slug="timed").specific
    translate(
        lesson,
        french,
        title="Comptages minutés",
        body=text("Notez chaque moineau que vous entendez."),
    )
    return french_site


def test_french_search_finds_untranslated_courses_in_english(client, french_birds):
    content = main(client.get("/fr/courses/search/?q=sparrow"))
    (trees,) = groups(content)  # the translated course is searched in French
    assert '<a href="/fr/courses/tree-survey/" lang="en">Tree survey</a>' in trees
    assert (
        '<a href="/fr/courses/tree-survey/trees/who-lives/" lang="en">Who lives'
        in trees
    )
    assert '<p class="search-matches__snippet" lang="en">A <mark>sparrow' in trees


def test_french_search_finds_translated_courses_in_french(client, french_birds):
    content = main(client.get("/fr/courses/search/?q=moineau"))
    (birds,) = groups(content)
    assert '<a href="/fr/courses/bird-count/">Comptage des oiseaux</a>' in birds
    assert 'href="/fr/courses/bird-count/counting/timed/">Comptages minutés' in birds
    assert "Notez chaque <mark>moineau</mark>" in birds
    assert 'lang="en"' not in birds


@pytest.mark.parametrize("code", ["lt", "el"])
def test_languages_without_content_search_the_original(client, two_courses, code):
    content = main(client.get(f"/{code}/courses/search/?q=sparrow"))
    assert len(groups(content)) == 2
    assert f'href="/{code}/courses/bird-count/counting/timed/" lang="en"' in content
    assert 'href="/courses/' not in content


def test_search_queries_do_not_grow_with_the_matches(client, course_index):
    def queries_for(query):
        client.get("/courses/search/", {"q": query})  # warm per-process caches
        site_content_changed()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/courses/search/", {"q": query}).status_code == 200
        return len(queries)

    def add_course(n):
        course = make_course(course_index, title=f"Kestrel {n}", slug=f"k{n}")
        module = make_module(course, title=f"Kestrels {n}", slug="m")
        for lesson in range(3):
            make_lesson(module, slug=f"l{lesson}", body=text("Kestrel hovering."))

    add_course(0)
    few = queries_for("kestrel")
    for n in range(1, 6):
        add_course(n)
    assert queries_for("kestrel") == few


def test_snippets_mark_other_forms_and_escape_the_text():
    marked = snippet(["Two <b>oiseaux</b> & one oiseau."], ["oiseau"])
    assert marked == (
        "Two &lt;b&gt;<mark>oiseaux</mark>&lt;/b&gt; &amp; one <mark>oiseau</mark>."
    )
    long = snippet(["word " * 100 + "heron " + "word " * 100], ["heron"])
    assert long.startswith("… ") and long.endswith(" …")
    assert "<mark>heron</mark>" in long and len(long) < 260
    assert snippet(["Nothing here."], ["heron"]) == "Nothing here."


# -- PostgreSQL: each language stemmed with its own configuration ------------
@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("stemming is tested on PostgreSQL (set DATABASE_URL)")


@pytest.mark.postgres
def test_french_is_stemmed_as_french(postgres, client, french_birds):
    content = main(client.get("/fr/courses/search/?q=moineaux"))
    assert "Comptages minutés" in content  # the lesson says "moineau"
    assert "Notez chaque <mark>moineau</mark>" in content


@pytest.mark.postgres
def test_english_is_stemmed_as_english(postgres, client, two_courses):
    content = main(client.get("/courses/search/?q=counting+volunteer"))
    assert "Counting" in content  # "count", "volunteers"


@pytest.mark.postgres
def test_greek_is_stemmed_as_greek(postgres, client, two_courses, course_index):
    greek = Locale.objects.create(language_code="el")
    translate(course_index.get_parent().specific, greek, title="Αρχική")
    translate(course_index, greek, title="Προγράμματα")
    translate(two_courses["birds"], greek, title="Καταμέτρηση πουλιών")
    translate(two_courses["module"], greek, title="Μέτρηση")
    lesson = two_courses["module"].get_children().get(slug="timed").specific
    translate(lesson, greek, title="Χρονομετρημένες", body=text("Μετρήστε τα πουλιά."))
    content = main(client.get("/el/courses/search/?q=πουλί"))
    assert "Χρονομετρημένες" in content
    assert "Μετρήστε τα <mark>πουλιά</mark>." in content


@pytest.mark.postgres
def test_lithuanian_is_stemmed_as_lithuanian(
    postgres, client, two_courses, course_index
):
    lithuanian = Locale.objects.create(language_code="lt")
    translate(course_index.get_parent().specific, lithuanian, title="Pradžia")
    translate(course_index, lithuanian, title="Kursai")
    translate(two_courses["birds"], lithuanian, title="Paukščių apskaita")
    translate(two_courses["module"], lithuanian, title="Skaičiavimas")
    lesson = two_courses["module"].get_children().get(slug="timed").specific
    translate(
        lesson, lithuanian, title="Laikas", body=text("Suskaičiuokite paukščius.")
    )
    content = main(client.get("/lt/courses/search/?q=paukštis"))
    assert "Laikas" in content


def test_a_word_typed_twice_is_searched_once():
    assert search_words("<script>alert(1)</script> Script") == ["script", "alert", "1"]
