from django import template

from courses.choices import ActivityKind, EvidenceKind

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
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext

    from courses.uploads import allowed_extensions

    extensions = sorted({e.lstrip(".").upper() for e in allowed_extensions(kinds)})
    return gettext("Accepted: %(types)s; at most %(size)s.") % {
        "types": ", ".join(extensions),
        "size": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_BYTES),
    }


@register.simple_tag
def domain_bar_chart(rows, title, chart_id):
    """An accessible SVG bar chart: one bar per domain, ``row.percent`` long.

    ``rows`` have ``.domain.name`` and ``.percent``. The chart carries a text
    title listing every value; pages also show the same figures in a table.
    """
    from django.utils.html import format_html, format_html_join

    label_width, bar_width, row_height = 230, 260, 34
    height = max(len(rows), 1) * row_height + 8
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="0" y="20">{}</text>'
        '<rect x="{}" y="6" width="{}" height="18" rx="3" fill="#e4e9ee"></rect>'
        '<rect x="{}" y="6" width="{}" height="18" rx="3" fill="#2e7d4f"></rect>'
        '<text x="{}" y="20">{}%</text></g>',
        (
            (
                i * row_height,
                _truncate(row.domain.name, 32),
                label_width,
                bar_width,
                label_width,
                bar_width * max(0, min(row.percent, 100)) // 100,
                label_width + bar_width + 8,
                row.percent,
            )
            for i, row in enumerate(rows)
        ),
    )
    summary = ", ".join(f"{row.domain.name}: {row.percent}%" for row in rows)
    return format_html(
        '<figure class="chart"><svg role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 580 {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}. {}</title>{}</svg></figure>',
        chart_id,
        height,
        chart_id,
        title,
        summary,
        bars,
    )


def _truncate(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"
