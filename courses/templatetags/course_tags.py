import datetime
import random
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

from cms.caching import SITE_VERSION_KEY, seconds_to_keep
from cms.i18n import interface_language
from courses.choices import ActivityKind, EvidenceKind, QuizFeedback
from courses.models import CourseIndexPage
from courses.permissions import manages_a_cohort
from courses.uploads import FILES_CAP, FILES_DEFAULT, allowed_extensions

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
def evidence_file_limit(activity) -> int:
    """How many files an activity accepts at once (its ``max_files``)."""
    return max(1, min(activity.get("max_files") or FILES_DEFAULT, FILES_CAP))


@register.simple_tag
def evidence_accept(kinds) -> str:
    """The file input's ``accept``: the extensions and types allowed."""
    allowed = allowed_extensions(kinds)
    return ",".join(sorted(allowed) + sorted(set(allowed.values())))


@register.simple_tag
def evidence_file_help(kinds, max_files=1):
    extensions = sorted({e.lstrip(".").upper() for e in allowed_extensions(kinds)})
    values = {
        "types": ", ".join(extensions),
        "size": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_BYTES),
        "total": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_TOTAL_BYTES),
        "count": max_files,
    }
    if max_files > 1:
        return (
            ngettext(
                "Up to %(count)s file.",
                "Up to %(count)s files: choose several at once.",
                max_files,
            )
            % values
            + " "
            + gettext(
                "Accepted: %(types)s; at most %(size)s each and %(total)s in all."
            )
            % values
        )
    return gettext("Accepted: %(types)s; at most %(size)s.") % values


@dataclass(frozen=True)
class Bar:
    """One bar of ``bar_chart``: its label, its length (0 to 100, a share of the
    track) and the value written beside it."""

    label: str
    length: float
    value: str


@register.simple_tag
def domain_bar_chart(rows, title, chart_id):
    """``bar_chart`` of competency domains: ``rows`` have ``.domain.name`` and
    ``.percent``, and each bar is that percent long."""
    bars = [Bar(row.domain.name, row.percent, f"{row.percent}%") for row in rows]
    return bar_chart(bars, title, chart_id)


@register.simple_tag
def bar_chart(bars, title, chart_id):
    """An accessible bar chart in HTML: one bar per ``Bar``.

    Each bar is a list item whose text ("Research methods 25%") is what a
    screen reader reads; the bars are drawn with CSS, so labels keep the page's
    text size and wrap on a 360-px phone instead of shrinking with a scaled
    image. Pages also show the same figures in a table.
    """
    rows = format_html_join(
        "",
        '<li class="chart__row"><span class="chart__label">{}</span>'
        '<span class="chart__track" aria-hidden="true">'
        # An SVG rectangle's width is an attribute, not a style: no inline
        # style, so the strict Content-Security-Policy allows it.
        '<svg class="chart__svg" focusable="false">'
        '<rect class="chart__bar" width="{}%" height="100%"></rect></svg></span>'
        '<span class="chart__value">{}</span></li>',
        ((bar.label, _length(bar.length), bar.value) for bar in bars),
    )
    return format_html(
        '<figure class="chart" aria-labelledby="{}-title">'
        '<figcaption id="{}-title" class="chart__title">{}</figcaption>'
        '<ul class="chart__rows" role="list">{}</ul></figure>',
        chart_id,
        chart_id,
        title,
        rows,
    )


def _length(value) -> str:
    """A bar's length in percent, from 0 to 100, to a tenth."""
    length = round(max(0.0, min(float(value), 100.0)), 1)
    return f"{length:g}"


@register.simple_tag(takes_context=True)
def catalogue_links(context) -> dict | None:
    """The header's links: the home page, the catalogue, its domain list and
    its search, in the interface language: that language's catalogue where
    there is one, else the default language's under the interface language's
    prefix (decision 0033). Every page shows them, so they come from the
    shared cache while the site's version token (which every publish
    replaces) is the one they were read under."""
    request = context.get("request")
    language = interface_language()
    host = request.get_host() if request is not None else ""
    # "2": the links gained the search's; entries without it are not read.
    key = f"courses:catalogue-links:2:{host}:{language}"
    found = cache.get_many([SITE_VERSION_KEY, key])
    version, entry = found.get(SITE_VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    index = _catalogue_page(language)
    links = None
    if index is not None:
        links = {
            "home_url": index.get_parent().specific.get_url(request),
            "url": index.get_url(request),
            "domains_url": index.get_url(request)
            + index.reverse_subpage("domain_list"),
            "search_url": index.get_url(request) + index.reverse_subpage("search"),
        }
    if version is not None:
        cache.set(key, (version, links), timeout=seconds_to_keep())
    return links


def _catalogue_page(language: str):
    pages = CourseIndexPage.objects.live().select_related("locale")
    match = pages.filter(locale__language_code=language).first()
    if match:
        return match
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()


@register.simple_tag(takes_context=True)
def manages_cohorts(context) -> bool:
    """Whether the signed-in user runs cohorts (the header's "Trainer" link):
    the same rule as the trainer area (courses/permissions.py)."""
    request = context.get("request")
    return request is not None and manages_a_cohort(request.user)


@dataclass
class QuizView:
    """How a quiz block shows for the person reading it."""

    questions: list  # [(question, [option, ...]), ...] in the order to show
    reveal: bool  # per-question right/wrong and feedback
    attempts: int = 0
    limit: int | None = None
    best: int | None = None
    last: int | None = None
    may_attempt: bool = True
    next_attempt_at: datetime.datetime | None = None

    @property
    def attempts_left(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.attempts)


@register.simple_tag(takes_context=True)
def quiz_view(context, value, block_id):
    """The quiz's questions and options in the order this reader gets them, and
    what they may see and do: their attempts, whether feedback per question is
    shown (``feedback``: always, or only after a pass or when no attempt is
    left), and whether they may try again.

    A randomised quiz is shuffled per learner and attempt: the same order on
    every reload of the page, a new one for the next attempt; the results of an
    attempt are shown in the order it was answered.
    """
    state = context.get("learner_state")
    record = state.quizzes.get(block_id) if state and block_id else None
    result = (context.get("quiz_results") or {}).get(block_id)
    recorded = block_id in (context.get("quiz_recorded") or ())
    attempts = record.attempts if record else 0
    limit = value.get("max_attempts") or None
    view = QuizView(
        questions=[
            (question, list(question.value["options"].bound_blocks))
            for question in value["questions"].bound_blocks
        ],
        reveal=True,
        attempts=attempts,
        limit=limit,
        best=record.best if record else None,
        last=record.last if record else None,
        may_attempt=limit is None or attempts < limit,
    )
    wait = value.get("wait_minutes")
    if wait and record and record.last_at:
        allowed_from = record.last_at + datetime.timedelta(minutes=wait)
        if allowed_from > timezone.now():
            view.next_attempt_at = allowed_from
    if value.get("shuffle"):
        request = context.get("request")
        user_id = getattr(getattr(request, "user", None), "pk", None) or 0
        answered = attempts - 1 if recorded else attempts
        shuffler = random.Random(f"{user_id}:{block_id}:{answered}")  # noqa: S311 - an order, not a secret
        shuffler.shuffle(view.questions)
        for _question, options in view.questions:
            shuffler.shuffle(options)
    if value.get("feedback") == QuizFeedback.AFTER_PASS:
        view.reveal = bool(
            (result is not None and result.passed)
            or (record is not None and record.passed)
            or not view.may_attempt
        )
    return view
