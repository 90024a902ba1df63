from django import template
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from wagtail.models import Page

from courses.choices import ActivityKind, EvidenceKind
from courses.models import CourseIndexPage
from courses.uploads import allowed_extensions

register = template.Library()


@register.filter
def activity_kind_label(value):
    return ActivityKind(value).label if value in ActivityKind.values else value


@register.filter
def evidence_kind_labels(values):
    return [EvidenceKind(v).label for v in values or [] if v in EvidenceKind.values]


@register.simple_tag
def evidence_for(state, block_id):
    """A learner's submissions for an activity, newest first."""
    if state is None:
        return []
    return state.evidence.get(block_id, [])


@register.simple_tag
def evidence_file_help(kinds):
    extensions = sorted({e.lstrip(".").upper() for e in allowed_extensions(kinds)})
    return gettext("Accepted: %(types)s; at most %(size)s.") % {
        "types": ", ".join(extensions),
        "size": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_BYTES),
    }


@register.simple_tag
def domain_bar_chart(rows, title, chart_id):
    """An accessible bar chart in HTML: one bar per domain, ``row.percent`` long.

    ``rows`` have ``.domain.name`` and ``.percent``. Each bar is a list item
    whose text ("Research methods 25%") is what a screen reader reads; the
    bars are drawn with CSS, so labels keep the page's text size and wrap on a
    360-px phone instead of shrinking with a scaled image. Pages also show the
    same figures in a table.
    """
    bars = format_html_join(
        "",
        '<li class="chart__row"><span class="chart__label">{}</span>'
        '<span class="chart__track" aria-hidden="true">'
        # An SVG rectangle's width is an attribute, not a style: no inline
        # style, so the strict Content-Security-Policy allows it.
        '<svg class="chart__svg" focusable="false">'
        '<rect class="chart__bar" width="{}%" height="100%"></rect></svg></span>'
        '<span class="chart__value">{}%</span></li>',
        (
            (row.domain.name, max(0, min(int(row.percent), 100)), row.percent)
            for row in rows
        ),
    )
    return format_html(
        '<figure class="chart" aria-labelledby="{}-title">'
        '<figcaption id="{}-title" class="chart__title">{}</figcaption>'
        '<ul class="chart__rows" role="list">{}</ul></figure>',
        chart_id,
        chart_id,
        title,
        bars,
    )


@register.simple_tag(takes_context=True)
def catalogue_page(context):
    """The course index in the current page's language (or the default one)."""
    page = context.get("page")
    pages = CourseIndexPage.objects.live().select_related("locale")
    if isinstance(page, Page):
        match = pages.filter(locale_id=page.locale_id).first()
        if match:
            return match
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
