"""Reads that span relations: the catalogue, domain pages, course/module/lesson context.

Every function here issues a fixed number of queries, whatever the number of
courses, modules or lessons (bench/pages.py measures it).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.i18n import default_original, interface_language
from courses.choices import COURSE_LANGUAGE_CHOICES, DeliveryMode, EnrolmentStatus
from courses.models import (
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CourseDomain,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    below,
    parent_path,
)

CATALOGUE_PAGE_SIZE = 12
UNKNOWN_FILTER = _("That filter value is not available; showing all courses instead.")


@dataclass(frozen=True)
class DomainGroup:
    domain: CompetencyDomain
    competencies: list[Competency]


def group_by_domain(competencies) -> list[DomainGroup]:
    """Group competencies (with ``domain`` loaded) by domain, in framework order."""
    groups: dict[int, list[Competency]] = defaultdict(list)
    domains: dict[int, CompetencyDomain] = {}
    for competency in competencies:
        if competency.id in {c.id for c in groups[competency.domain_id]}:
            continue
        groups[competency.domain_id].append(competency)
        domains[competency.domain_id] = competency.domain
    ordered = sorted(domains.values(), key=lambda d: (d.sort_order, d.name))
    return [
        DomainGroup(
            domain=d,
            competencies=sorted(groups[d.id], key=lambda c: (c.sort_order, c.code)),
        )
        for d in ordered
    ]


def course_domain_ids(
    *, index_page: CourseIndexPage | None = None
) -> dict[str, set[int]]:
    """Map each course path under the index (every course's, without one) to the
    ids of the domains it develops.

    A course develops a domain when one of its live modules develops a competency
    in it, or when the course declares it as a course-specific domain.
    """
    by_course: dict[str, set[int]] = defaultdict(set)
    modules = ModuleCompetency.objects.filter(page__live=True)
    declared = CourseDomain.objects.all()
    if index_page is not None:
        modules = modules.filter(below(index_page, generations=2, prefix="page__"))
        declared = declared.filter(page__path__startswith=index_page.path)
    rows = modules.values_list("page__path", "competency__domain_id").distinct()
    for module_path, domain_id in rows:
        by_course[parent_path(module_path)].add(domain_id)
    for course_path, domain_id in declared.values_list("page__path", "domain_id"):
        by_course[course_path].add(domain_id)
    return by_course


def in_interface_language(items: list, queryset=None) -> list:
    """Translatable snippets (competencies, domains) replaced by their
    translations in the interface language where there are some, read with
    ``queryset`` (default: the model's): an untranslated course shown with the
    French interface names the framework in French when the framework is
    translated (decision 0033). No query in the default language, else one."""
    language = interface_language()
    if language == settings.LANGUAGE_CODE or not items:
        return items
    if queryset is None:
        queryset = type(items[0]).objects.all()
    translated = {
        item.translation_key: item
        for item in queryset.filter(
            translation_key__in={item.translation_key for item in items},
            locale__language_code=language,
        )
    }
    return [translated.get(item.translation_key, item) for item in items]


def course_competencies(*, course: CoursePage) -> list[Competency]:
    """The competencies the course's live modules develop (with their domains),
    each once, in framework order: 1 query."""
    return list(
        Competency.objects.filter(
            module_links__page__live=True,
            module_links__page__path__startswith=course.path,
            module_links__page__depth=course.depth + 1,
        )
        .select_related("domain")
        .distinct()
        .order_by("domain__sort_order", "sort_order", "code")
    )


def _domains_in_locale(locale):
    return CompetencyDomain.objects.filter(locale=locale).order_by("sort_order", "name")


def _in_language(own: list, originals: list) -> list:
    """``originals`` (the default language's) in their order, each replaced by
    its translation among ``own`` where there is one, then whatever ``own``
    holds that has no original (decision 0033)."""
    by_key = {item.translation_key: item for item in own}
    merged = [by_key.pop(item.translation_key, item) for item in originals]
    return merged + [item for item in own if item.translation_key in by_key]


def _original_index(index_page: CourseIndexPage) -> CourseIndexPage | None:
    """The default language's catalogue that ``index_page`` translates; None
    when ``index_page`` is that catalogue (or translates none)."""
    original = default_original(index_page)
    if original is None or original.pk == index_page.pk:
        return None
    return original.specific


def _catalogue_domains(index_page: CourseIndexPage, original) -> list[CompetencyDomain]:
    """The domains in the catalogue's language, and the default language's
    that have no translation in it, in framework order."""
    own = list(_domains_in_locale(index_page.locale_id))
    if original is None:
        return own
    merged = _in_language(own, list(_domains_in_locale(original.locale_id)))
    return sorted(merged, key=lambda d: (d.sort_order, d.name))


def catalogue_courses(*, index_page: CourseIndexPage) -> list[CoursePage]:
    """Every live, public course of the catalogue in its language: the
    catalogue's own courses and, for a translated catalogue, the default
    language's courses that have no live translation in it (shown untranslated,
    under the catalogue language's address; decision 0033). 1 query, 3 for a
    translated catalogue."""

    def courses_under(parent):
        return list(
            CoursePage.objects.child_of(parent)
            .live()
            .public()
            .order_by("path")
            .select_related("image")
        )

    own = courses_under(index_page)
    original = _original_index(index_page)
    if original is None:
        return own
    return _in_language(own, courses_under(original))


def _domain_keys(
    index_page: CourseIndexPage, original
) -> tuple[dict[str, set], dict[int, object]]:
    """Each course path (under the catalogue and its original) mapped to the
    translation keys of the domains it develops; and ``{domain id: key}``."""
    by_path = course_domain_ids(index_page=index_page)
    if original is not None:
        by_path.update(course_domain_ids(index_page=original))
    ids = {i for domain_ids in by_path.values() for i in domain_ids}
    key_of = dict(
        CompetencyDomain.objects.filter(id__in=ids).values_list("id", "translation_key")
    )
    return (
        {path: {key_of[i] for i in domain_ids} for path, domain_ids in by_path.items()},
        key_of,
    )


def catalogue_context(*, index_page: CourseIndexPage, params) -> dict:
    """Courses under the index filtered by domain, delivery mode and language.

    ``params`` is the request's query dict. Unknown filter values are ignored
    with a message rather than an error page.
    """
    original = _original_index(index_page)
    domains = _catalogue_domains(index_page, original)
    courses = catalogue_courses(index_page=index_page)
    domain_map, _key_of = _domain_keys(index_page, original)
    domains_by_key = {d.translation_key: d for d in domains}
    languages = dict(COURSE_LANGUAGE_CHOICES)
    messages = []

    selected_domain = params.get("domain", "")
    domain = next((d for d in domains if d.slug == selected_domain), None)
    if selected_domain and domain is None:
        messages.append(UNKNOWN_FILTER)
        selected_domain = ""
    selected_mode = params.get("mode", "")
    if selected_mode and selected_mode not in DeliveryMode.values:
        messages.append(UNKNOWN_FILTER)
        selected_mode = ""
    available_languages = sorted({c.language for c in courses})
    selected_language = params.get("language", "")
    if selected_language and selected_language not in available_languages:
        messages.append(UNKNOWN_FILTER)
        selected_language = ""

    matching = [
        c
        for c in courses
        if (domain is None or domain.translation_key in domain_map.get(c.path, ()))
        and (not selected_mode or c.delivery_mode == selected_mode)
        and (not selected_language or c.language == selected_language)
    ]
    for course in matching:
        course.catalogue_domains = sorted(
            (
                domains_by_key[key]
                for key in domain_map.get(course.path, ())
                if key in domains_by_key
            ),
            key=lambda d: (d.sort_order, d.name),
        )
    paginator = Paginator(matching, CATALOGUE_PAGE_SIZE)
    page_obj = paginator.get_page(params.get("page"))
    query = params.copy() if hasattr(params, "copy") else dict(params)
    query.pop("page", None)
    return {
        "courses": page_obj.object_list,
        "page_obj": page_obj,
        "paginator": paginator,
        "filter_query": query.urlencode() if hasattr(query, "urlencode") else "",
        "result_count": paginator.count,
        "total_count": len(courses),
        "filters_active": bool(selected_domain or selected_mode or selected_language),
        "filter_messages": messages,
        "domains": domains,
        "delivery_modes": DeliveryMode.choices,
        "languages": [
            (code, languages.get(code, code)) for code in available_languages
        ],
        "selected_domain": selected_domain,
        "selected_mode": selected_mode,
        "selected_language": selected_language,
    }


def domain_list_context(*, index_page: CourseIndexPage) -> dict:
    """Every domain in the index's language (and the default language's that
    have no translation in it) with its competencies and the number of
    courses in the catalogue that develop it."""
    original = _original_index(index_page)
    domains = _catalogue_domains(index_page, original)
    prefetch_related_objects(domains, "competencies")
    domain_map, _key_of = _domain_keys(index_page, original)
    counts: dict[object, int] = defaultdict(int)
    for course in catalogue_courses(index_page=index_page):
        for key in domain_map.get(course.path, ()):
            counts[key] += 1
    for domain in domains:
        domain.course_count = counts[domain.translation_key]
    return {
        "core_domains": [d for d in domains if d.is_core],
        "course_domains": [d for d in domains if not d.is_core],
    }


def domain_detail_context(*, index_page: CourseIndexPage, slug: str) -> dict | None:
    """A domain, its competencies, and the live courses and modules of the
    catalogue (in its language, or untranslated) developing them."""
    original = _original_index(index_page)
    domain = next(
        (d for d in _catalogue_domains(index_page, original) if d.slug == slug), None
    )
    if domain is None:
        return None
    under = below(index_page, generations=2, prefix="page__")
    if original is not None:
        under |= below(original, generations=2, prefix="page__")
    links = (
        ModuleCompetency.objects.filter(
            under,
            competency__domain__translation_key=domain.translation_key,
            page__live=True,
        )
        .select_related("competency")
        .order_by("page__path", "sort_order")
    )
    competencies_by_module: dict[int, list[Competency]] = defaultdict(list)
    for link in links:
        competencies_by_module[link.page_id].append(link.competency)
    modules = list(
        ModulePage.objects.filter(id__in=competencies_by_module)
        .live()
        .public()
        .order_by("path")
    )
    declared_paths = set(
        CourseDomain.objects.filter(
            domain__translation_key=domain.translation_key
        ).values_list("page__path", flat=True)
    )
    course_paths = {parent_path(m.path) for m in modules} | declared_paths
    courses = [
        course
        for course in catalogue_courses(index_page=index_page)
        if course.path in course_paths
    ]
    modules_by_course = defaultdict(list)
    for module in modules:
        module.domain_competencies = competencies_by_module[module.id]
        modules_by_course[parent_path(module.path)].append(module)
    for course in courses:
        course.domain_modules = modules_by_course.get(course.path, [])
    return {
        "domain": domain,
        "competencies": list(domain.competencies.all()),
        "domain_courses": courses,
    }


def _lessons_by_module(parent: Page) -> dict[str, list[LessonPage]]:
    lessons = (
        LessonPage.objects.descendant_of(parent)
        .live()
        .public()
        .only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "slug",
            "locale_id",
            "estimated_minutes",
            "summary",
        )
        .order_by("path")
    )
    by_module = defaultdict(list)
    for lesson in lessons:
        by_module[parent_path(lesson.path)].append(lesson)
    return by_module


def course_detail(*, course: CoursePage) -> dict:
    """Modules with their lessons, competencies grouped by domain, partners."""
    modules = list(ModulePage.objects.child_of(course).live().public().order_by("path"))
    lessons = _lessons_by_module(course)
    links = (
        ModuleCompetency.objects.filter(page__in=[m.id for m in modules])
        .select_related("competency__domain")
        .order_by("sort_order")
    )
    competencies_by_module = defaultdict(list)
    for link in links:
        competencies_by_module[link.page_id].append(link.competency)
    translated = iter(
        in_interface_language(
            [c for m in modules for c in competencies_by_module[m.id]],
            Competency.objects.select_related("domain"),
        )
    )
    for module in modules:
        module.lesson_list = lessons.get(module.path, [])
        module.competency_list = [
            next(translated) for _c in competencies_by_module[module.id]
        ]
    all_competencies = [c for m in modules for c in m.competency_list]
    return {
        "modules": modules,
        "competency_groups": group_by_domain(all_competencies),
        "partners": [p.partner for p in course.partners.select_related("partner")],
        "declared_domains": in_interface_language(
            [cd.domain for cd in course.course_domains.select_related("domain")]
        ),
        "lesson_count": sum(len(m.lesson_list) for m in modules),
        "cohorts": course_cohorts(course=course),
        "index_page": course.get_parent().specific,
    }


def module_detail(*, module: ModulePage) -> dict:
    """The module's course, its lessons and the competencies it develops by domain."""
    course = CoursePage.objects.get(path=parent_path(module.path))
    lessons = _lessons_by_module(module).get(module.path, [])
    competencies = in_interface_language(
        [
            link.competency
            for link in module.module_competencies.select_related("competency__domain")
        ]
    )
    return {
        "course": course,
        "lessons": lessons,
        "competency_groups": group_by_domain(competencies),
        "next_module": _next_module(module),
    }


def _next_module(module: ModulePage) -> ModulePage | None:
    """The module after this one in its course, if any (published and public)."""
    return (
        ModulePage.objects.sibling_of(module, inclusive=False)
        .live()
        .public()
        .filter(path__gt=module.path)
        .order_by("path")
        .first()
    )


def lesson_detail(*, lesson: LessonPage) -> dict:
    """The lesson's module and course, its siblings, previous/next lessons and,
    after the last lesson, the next module."""
    module, course = lesson.module_and_course()
    siblings = _lessons_by_module(module).get(module.path, [])
    position = next((i for i, s in enumerate(siblings) if s.id == lesson.id), None)
    previous_lesson = next_lesson = None
    if position is not None:
        previous_lesson = siblings[position - 1] if position > 0 else None
        next_lesson = siblings[position + 1] if position + 1 < len(siblings) else None
    return {
        "module": module,
        "course": course,
        "siblings": siblings,
        "position": (position or 0) + 1,
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        # After the module's last lesson, the way on is the next module.
        "next_module": None if next_lesson else _next_module(module),
    }


def home_page_highlights(*, home) -> dict:
    """The catalogue page under this home page (or, for a home page whose
    catalogue is not translated, the default language's), a few courses, and
    the core domains."""
    index_page = CourseIndexPage.objects.child_of(home).live().first()
    if index_page is None:
        original_home = default_original(home)
        if original_home is not None and original_home.pk != home.pk:
            index_page = CourseIndexPage.objects.child_of(original_home).live().first()
    if index_page is None:
        return {"index_page": None, "featured_courses": [], "core_domains": []}
    original = _original_index(index_page)
    return {
        "index_page": index_page,
        "featured_courses": catalogue_courses(index_page=index_page)[:3],
        "core_domains": [
            d for d in _catalogue_domains(index_page, original) if d.is_core
        ],
    }


def course_cohorts(*, course: CoursePage) -> list[Cohort]:
    """Cohorts of any language version of the course that have not ended, each
    with its sessions that have not finished (``upcoming_sessions``)."""
    today = timezone.localdate()
    active = Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE))
    waiting = Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING))
    return list(
        Cohort.objects.filter(course__translation_key=course.translation_key)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("partner")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=CohortSession.objects.upcoming()
                .select_related("cohort__course")
                .order_by("starts_at", "pk"),
                to_attr="upcoming_sessions",
            )
        )
        .annotate(
            places_left=Case(
                When(capacity__isnull=True, then=None),
                default=Greatest(F("capacity") - active, 0),
                output_field=IntegerField(),
            ),
            waiting=waiting,
        )
        .order_by("starts_on", "name")
    )
