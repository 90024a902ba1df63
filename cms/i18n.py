"""Untranslated pages in every interface language (decision 0033).

The default locale's page tree is the one source of truth. A page that has no
translation in the visitor's language is served, in its own language, under
that language's prefix (``/fr/courses/<slug>/``) with the interface in the
visitor's language; a page that has one is served in translation. Nothing is
copied: the learner completes, enrols and hands in evidence on the very page
(the same page id) that learners in every other language use.

- ``LocaleFallbackMixin.route`` looks a child up among the page's own
  children first and, when it is not there, among the children of the page's
  default-locale original, preferring that child's translation in the active
  language when one is live.
- ``LocaleFallbackMixin.get_url_parts`` gives a default-locale page the
  address of the active interface language (``/lt/...``) rather than its own
  (``/...``), so links keep the visitor's language. It does so only while a
  request to a language-prefixed address is being answered
  (``cms.middleware.InterfaceLanguageMiddleware``): the admin, the API, the
  sitemap, management commands and code run outside a request keep every
  page's own address, whatever language a previous request left active.

The mixin goes after ``RoutablePageMixin`` in a page class's bases, so that a
routable page's sub-paths are tried before its children.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Locale, Page

# True while a request to a language-prefixed address is being answered.
prefixed_request: ContextVar[bool] = ContextVar("prefixed_request", default=False)


@contextmanager
def addresses_in(language: str):
    """Page addresses as a visitor reading the interface in ``language`` gets
    them (the language switcher's targets), whatever the request."""
    token = prefixed_request.set(True)
    try:
        with translation.override(language):
            yield
    finally:
        prefixed_request.reset(token)


def interface_language() -> str:
    """The active interface language, one of ``LANGUAGES`` (else the default)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        language = language.split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def locale_ids() -> dict[str, int]:
    """``{language code: locale id}`` of every content locale (one small query)."""
    return dict(Locale.objects.values_list("language_code", "id"))


def default_original(page: Page, ids: dict[str, int] | None = None) -> Page | None:
    """The page itself when it is in the default locale, else its translation
    there (the original it was translated from); None when there is none."""
    ids = locale_ids() if ids is None else ids
    default_id = ids.get(settings.LANGUAGE_CODE)
    if default_id is None or page.locale_id == default_id:
        return page
    return Page.objects.filter(
        translation_key=page.translation_key, locale_id=default_id
    ).first()


def in_interface_language(page: Page, ids: dict[str, int] | None = None) -> Page:
    """The live translation of ``page`` in the interface language, else the page."""
    ids = locale_ids() if ids is None else ids
    wanted = ids.get(interface_language())
    if wanted is None or page.locale_id == wanted:
        return page
    return (
        Page.objects.live()
        .filter(translation_key=page.translation_key, locale_id=wanted)
        .first()
        or page
    )


def pages_in_interface_language(pages) -> list[Page]:
    """``pages`` (a breadcrumb's ancestors), specific, each replaced by its
    live translation in the interface language where it has one; a few
    queries, however many pages."""
    pages = list(pages)
    if not pages:
        return pages
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=interface_language(),
        )
        .specific()
    }
    missing = [page.pk for page in pages if page.translation_key not in translated]
    originals = (
        {page.pk: page for page in Page.objects.filter(pk__in=missing).specific()}
        if missing
        else {}
    )
    return [
        translated.get(page.translation_key) or originals.get(page.pk, page)
        for page in pages
    ]


class LocaleFallbackMixin:
    """Routing and addresses that fall back to the default locale's pages."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        child = self.get_children().filter(slug=slug).first()
        if child is not None:
            child._cached_parent_obj = self
        else:
            child = self._fallback_child(slug)
            if child is None:
                raise Http404
        return child.specific.route(request, remaining)

    def _fallback_child(self, slug: str) -> Page | None:
        """The child at ``slug`` of this page's default-locale original, in
        the interface language when it has a live translation."""
        ids = locale_ids()
        original = default_original(self, ids)
        if original is None or original.pk == self.pk:
            return None
        child = original.get_children().filter(slug=slug).first()
        if child is None:
            return None
        return in_interface_language(child, ids)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request=request)
        if parts is None or parts[2] is None or not prefixed_request.get():
            return parts
        language = interface_language()
        if language == settings.LANGUAGE_CODE:
            return parts
        roots = self._get_relevant_site_root_paths(request)
        if not roots or roots[0].language_code != settings.LANGUAGE_CODE:
            return parts  # a translation keeps its own language's address
        site_id, root_path, root_url, _language = roots[0]
        try:
            with translation.override(language):
                page_path = reverse(
                    "wagtail_serve", args=(self.url_path[len(root_path) :],)
                )
        except NoReverseMatch:
            return parts
        return (site_id, root_url, page_path)
