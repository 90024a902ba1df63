from django import template

from courses.choices import ActivityKind, EvidenceKind

register = template.Library()


@register.filter
def activity_kind_label(value):
    return ActivityKind(value).label if value in ActivityKind.values else value


@register.filter
def evidence_kind_labels(values):
    return [EvidenceKind(v).label for v in values or [] if v in EvidenceKind.values]
