"""Search of a catalogue: its courses, modules and lessons, grouped by course
(decision 0040).

A catalogue is searched in its own language and, for a translated catalogue,
in the default language's catalogue too, each with its language's text search
configuration (``cms.search``): what matches in an untranslated course is
found under the interface language's address, exactly as the catalogue lists
it (decision 0033). Only live, public pages of courses the catalogue lists
are found, and a translated course only through its own modules and lessons.

A fixed number of queries, whatever the number of matches: one search per
language, the catalogue's courses, and the modules and lessons of the
courses shown.
"""

import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from cms.i18n import locale_ids
from cms.search import search_backend, searchable_text
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    parent_path,
)
from courses.selectors.catalogue import _original_index, catalogue_courses

SEARCH_MAX_LENGTH = 200
SEARCH_PAGE_SIZE = 10  # courses a page of results shows
MATCHES_SHOWN = 5  # modules and lessons shown under each course
# Pages read per language (best first on PostgreSQL): enough that every matching
# course is grouped even when a word is in every lesson of a large catalogue.
MAX_MATCHES = 5_000
SNIPPET_LENGTH = 200  # characters of text around the first match

QUERY_TOO_LONG = _(
    "Your search is %(show_value)d characters long: shorten it to at most "
    "%(limit_value)d characters, e.g. a few key words."
)
NO_WORDS = _(
    "Your search has no letters or numbers to look for. Type a word or two, "
    "e.g. a topic such as “pollinators”."
)

_WORD = re.compile(r"[^\W_]+")


def search_words(text: str) -> list[str]:
    """The words (letters and digits) of what a visitor typed; punctuation,
    quotes and operators are dropped, so nothing they type is query syntax.
    Each word once, in the order typed (case aside)."""
    seen = {}
    for word in _WORD.findall(text):
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


THUMBNAIL = "fill-240x160"  # templates/courses/search_results.html


@dataclass
class SearchMatch:
    """A module or lesson that matches, with the text around the match."""

    page: Page
    snippet: SafeString
    module: ModulePage | None = None  # a lesson's module


@dataclass
class CourseResults:
    """A course that matches (its own title or text, or some of its modules
    and lessons: ``matches``, the first ``MATCHES_SHOWN`` in course order;
    ``more`` not shown)."""

    course: CoursePage
    matches: list[SearchMatch] = field(default_factory=list)
    more: int = 0
    found: list[Page] = field(default_factory=list, repr=False)


def catalogue_search(
    *, index_page: CourseIndexPage, query: str, page_number=None
) -> dict:
    """What ``query`` finds in the catalogue, grouped by course, best match
    first (the catalogue's own language first), ``SEARCH_PAGE_SIZE`` courses
    a page (``page_number``)."""
    words = search_words(query)
    courses = {c.path: c for c in catalogue_courses(index_page=index_page)}
    groups: dict[str, CourseResults] = {}
    if words:
        languages = {pk: code for code, pk in locale_ids().items()}
        course_path_length = len(index_page.path) + Page.steplen
        for catalogue in (index_page, _original_index(index_page)):
            if catalogue is None:
                continue
            language = languages.get(catalogue.locale_id)
            for page in _matches(catalogue, words, language):
                course = courses.get(page.path[:course_path_length])
                if course is None:
                    continue  # a translated course: found in its own language
                group = groups.setdefault(course.path, CourseResults(course=course))
                if page.depth > course.depth:
                    group.found.append(page)
    paginator = Paginator(list(groups.values()), SEARCH_PAGE_SIZE)
    page_obj = paginator.get_page(page_number)
    _add_matches(page_obj.object_list, words)
    return {
        "words": words,
        "results": page_obj.object_list,
        "page_obj": page_obj,
        "paginator": paginator,
        "result_count": paginator.count,
        "filter_query": urlencode({"q": query}),
    }


def _matches(catalogue: CourseIndexPage, words: list[str], language) -> list[Page]:
    """The live, public courses, modules and lessons below ``catalogue`` that
    match every word in ``language``, best first (one query)."""
    pages = (
        Page.objects.live()
        .public()
        .filter(
            path__startswith=catalogue.path,
            depth__gt=catalogue.depth,
            depth__lte=catalogue.depth + 3,
        )
        .type(CoursePage, ModulePage, LessonPage)
        .only("id", "path", "depth")
    )
    # SQLite scores relevance with a subquery per matching page: 0.6 s for a
    # word in 1,500 lessons against 0.02 s unscored. There (the embedded
    # default, for small academies) matches come in catalogue order.
    ranked = connection.vendor != "sqlite"
    results = search_backend(language).search(
        " ".join(words), pages, operator="and", order_by_relevance=ranked
    )
    return list(results[:MAX_MATCHES])


def _add_matches(groups: list[CourseResults], words: list[str]) -> None:
    """The shown courses' matching modules and lessons, with their snippets,
    and each lesson's module (two queries; one more for the images)."""
    found = [page for group in groups for page in group.found]
    lessons = {
        lesson.pk: lesson
        for lesson in LessonPage.objects.filter(
            pk__in=[page.pk for page in found]
        ).only(*PAGE_FIELDS, "summary", "body")
    }
    module_paths = {parent_path(lesson.path) for lesson in lessons.values()}
    modules = list(
        ModulePage.objects.filter(
            Q(pk__in=[page.pk for page in found]) | Q(path__in=module_paths)
        ).only(*PAGE_FIELDS, "introduction")
    )
    modules_by_id = {module.pk: module for module in modules}
    modules_by_path = {module.path: module for module in modules}
    body = LessonPage._meta.get_field("body").stream_block
    for group in groups:
        matches = []
        for page in sorted(group.found, key=lambda p: p.path):
            if page.pk in modules_by_id:
                module = modules_by_id[page.pk]
                text = [get_text_for_indexing(module.introduction)]
                matches.append(SearchMatch(page=module, snippet=snippet(text, words)))
            elif page.pk in lessons:
                lesson = lessons[page.pk]
                text = [lesson.summary, *searchable_text(body, lesson.body.raw_data)]
                matches.append(
                    SearchMatch(
                        page=lesson,
                        snippet=snippet(text, words),
                        module=modules_by_path.get(parent_path(lesson.path)),
                    )
                )
        group.matches = matches[:MATCHES_SHOWN]
        group.more = len(matches) - len(group.matches)
    with_images = [group.course for group in groups if group.course.image_id]
    if with_images:
        renditions = get_image_model().get_rendition_model().objects
        prefetch_related_objects(
            with_images,
            Prefetch(
                "image__renditions",
                queryset=renditions.filter(filter_spec=THUMBNAIL),
                to_attr="prefetched_renditions",
            ),
        )


PAGE_FIELDS = ("id", "title", "path", "depth", "url_path", "slug", "locale_id")


def _stem(word: str) -> str:
    """The start of a word that its other forms share, roughly ("oiseaux",
    "oiseau": "oise"), to find where a stemmed match is in the text."""
    word = word.lower()
    return word if len(word) <= 4 else word[: max(4, len(word) - 3)]


def snippet(texts: list[str], words: list[str]) -> SafeString:
    """About ``SNIPPET_LENGTH`` characters of ``texts`` around the first word
    that starts like one of ``words``, each such word in ``<mark>``; the start
    of the text when none is there (the title matched)."""
    text = " · ".join(" ".join(t.split()) for t in texts if t and t.strip())
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    stems = sorted({_stem(word) for word in words}, key=len, reverse=True)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*",
        re.IGNORECASE,
    )
    first = pattern.search(text)
    start = 0
    if first is not None and first.start() > SNIPPET_LENGTH // 3:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LENGTH // 3) + 1
    end = len(text)
    if end - start > SNIPPET_LENGTH:
        end = text.rfind(" ", start, start + SNIPPET_LENGTH)
        end = end if end > start else start + SNIPPET_LENGTH
    piece, html, position = text[start:end], [], 0
    for match in pattern.finditer(piece):
        html.append(escape(piece[position : match.start()]))
        html.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    html.append(escape(piece[position:]))
    return mark_safe(  # noqa: S308 (every part escaped)
        ("… " if start else "") + "".join(html) + (" …" if end < len(text) else "")
    )
