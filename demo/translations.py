"""French translation of the demo framework and of the air quality course.

Uses wagtail-localize exactly as a trainer would: a translation source per
object, string translations per segment, then ``save_target``. Segments with
no French text fall back to English and show as untranslated in the admin, so
trainers can finish them in wagtail-localize's editor.
"""

import re

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from courses.models import Competency, CompetencyDomain, CoursePage, PartnerOrganisation
from demo import data

FRENCH = "fr"
TRANSLATED_COURSE = "air-quality-monitoring"
_BLOCK = re.compile(r"<(p|li|h2|h3|h4)>(.*?)</\1>", re.S)


def _segments(html: str) -> list[str]:
    return [inner.strip() for _tag, inner in _BLOCK.findall(html)]


def french_strings() -> dict[str, str]:
    """English segment text -> French, from plain strings and paired HTML."""
    strings = dict(data.french()["text"])
    for pair in data.french()["html"]:
        en_parts, fr_parts = _segments(pair["en"]), _segments(pair["fr"])
        if len(en_parts) != len(fr_parts):
            raise ValueError(
                f"French HTML does not match the English: {pair['en'][:60]}"
            )
        strings.update(zip(en_parts, fr_parts, strict=True))
    return strings


def translate(instance, locale: Locale, strings: dict[str, str]) -> tuple[int, int]:
    """Translate one page or snippet; returns (segments translated, segments)."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    done = total = 0
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        total += 1
        french = strings.get(segment.string.data.strip())
        if not french:
            continue
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": french, "translation_type": "manual"},
        )
        done += 1
    # Publish straight away rather than on commit (what ``save_target`` does), so
    # that a parent is live, with its child count saved, before its children
    # are translated, inside or outside an enclosing transaction.
    is_page = isinstance(instance, Page)
    target, _created = source.create_or_update_translation(
        locale, publish=not is_page, fallback=True
    )
    if is_page:
        target.get_latest_revision().publish()
    return done, total


def load_french(*, index_page, report=print) -> None:
    """Translate the framework, partners, home, catalogue and one course into French."""
    locale, _created = Locale.objects.get_or_create(language_code=FRENCH)
    strings = french_strings()
    done = total = 0

    def run(instance):
        nonlocal done, total
        if instance.has_translation(locale):
            return
        with transaction.atomic():
            d, t = translate(instance, locale, strings)
        done += d
        total += t

    english = index_page.locale
    for model, key, french_of in (
        (CompetencyDomain, "slug", data.french()["domains"]),
        (Competency, "code", data.french()["competencies"]),
    ):
        for obj in model.objects.filter(locale=english, **{f"{key}__in": french_of}):
            fr = french_of[getattr(obj, key)]
            strings[obj.name], strings[obj.description] = fr["name"], fr["description"]
    for model in (CompetencyDomain, Competency, PartnerOrganisation):
        for obj in model.objects.filter(locale=english).order_by("pk"):
            run(obj)
    course = (
        CoursePage.objects.child_of(index_page).filter(slug=TRANSLATED_COURSE).first()
    )
    pages = [index_page.get_parent(), index_page]
    if course is not None:
        pages += list(
            Page.objects.descendant_of(course, inclusive=True).order_by("path")
        )
    for page in pages:
        run(page.specific)
    if total:
        report(f"French: translated {done} of {total} new segments.")
    else:
        report("French: translations already there.")
