from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import (
    get_language,
    get_language_from_path,
    get_language_info,
)
from wagtail.models import Locale, Page

from cms.i18n import addresses_in, pages_in_interface_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to this page in every language of the interface.

    A CMS page links to its translation in each language where there is one,
    and otherwise to its default-language original under that language's
    prefix (served untranslated with the interface in that language; decision
    0033). Routable sub-pages (a domain page) keep their sub-path and the query
    string is kept. Every other view links to the same address under the
    language's prefix, or, when it names one in ``language_switch_url_name``
    (a result shown in answer to a POST), to that view.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    query = request.META.get("QUERY_STRING", "")
    query = f"?{query}" if query else ""
    translations = {}
    suffix = ""
    if isinstance(page, Page) and page.id:
        for translation in (
            page.get_translations(inclusive=True).live().select_related("locale")
        ):
            translations[translation.locale.language_code] = translation
        suffix = _sub_path(page, request.path)
    original = translations.get(settings.LANGUAGE_CODE)
    switch_to = context.get("language_switch_url_name")
    links = []
    for code, _name in settings.LANGUAGES:
        target = translations.get(code) or original
        url = None
        with addresses_in(code):
            page_url = target.get_url(request) if target is not None else None
            if page_url is not None:
                url = page_url + suffix + query
            elif switch_to:
                url = reverse(switch_to)
        if url is None:
            # Resolved in the current language, reversed in ``code``.
            url = translate_url(request.get_full_path(), code)
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links if len(links) > 1 else []


def _sub_path(page, path: str) -> str:
    """What follows the page's own address in ``path``: a routable page's
    sub-path (``domains/<slug>/``), else ""."""
    page_path = page.url or ""
    if page_path and path.startswith(page_path):
        return path[len(page_path) :]
    # Compare without language prefixes (the page may be served at an address
    # in another language's tree; the home page's "/" begins every address).
    page_path, here = _without_language(page_path), _without_language(path)
    if page_path and page_path != "/" and here.startswith(page_path):
        return here[len(page_path) :]
    return ""


@register.filter
def in_interface_language(pages):
    """Pages (a breadcrumb) in the interface language where translated, with
    addresses that keep the interface language (decision 0033)."""
    return pages_in_interface_language(pages)


def _without_language(path: str) -> str:
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


@register.simple_tag(takes_context=True)
def content_lang(context, obj=None):
    """`` lang="xx"`` for CMS content whose language is not the interface's.

    A French page shown with the Lithuanian interface keeps the interface in
    Lithuanian and marks the content as French, so screen readers pronounce
    each part in its own language (WCAG 3.1.2, language of parts).
    """
    obj = obj if obj is not None else context.get("page")
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is None:
        return ""
    language_code = _locale_codes(context).get(locale_id)
    if language_code is None:
        return ""
    content = language_code.split("-")[0]
    if content == (get_language() or settings.LANGUAGE_CODE).split("-")[0]:
        return ""
    return format_html(' lang="{}"', language_code)


def _locale_codes(context) -> dict[int, str]:
    """Every content locale's language code, read once per request (a list
    of twenty course cards would otherwise read the locale twenty times)."""
    request = context.get("request")
    codes = getattr(request, "_academy_locale_codes", None)
    if codes is None:
        codes = dict(Locale.objects.values_list("id", "language_code"))
        if request is not None:
            request._academy_locale_codes = codes
    return codes


@register.filter
def lesson_minutes(lessons):
    return sum(lesson.estimated_minutes for lesson in lessons)


@register.filter
def hours(value):
    """Format Decimal hours without trailing zeros: 12.0 -> 12, 2.5 -> 2.5."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


@register.filter
def get_item(mapping, key):
    """Look a key up in a dict from a template: {{ results|get_item:block_id }}."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def context_item(context, mapping_name, key_name):
    """``context[mapping_name][context[key_name]]``, or None when either is missing."""
    mapping = context.get(mapping_name) or {}
    key = context.get(key_name)
    return mapping.get(key) if key is not None else None
