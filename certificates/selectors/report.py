"""The academy report: learners, enrolments, completions and certificates over a
period, per course, competency domain, partner organisation, cohort or month
(decision 0029).

It reads courses and certificates, so it lives in ``certificates`` (which may
import ``courses``). Everything is limited to what the user manages: the
cohort rule of decision 0026, through the ``managed_by`` QuerySet methods, so a
trainer's report covers their own cohorts and an editor's the whole academy.

Every figure is counted in SQL, grouped by the breakdown (``values`` and
``Count``), so the number of queries is the same for ten learners or a hundred
thousand: about ten, whatever the breakdown (bench/report.py). The median is
the one figure SQLite cannot aggregate: one query reads the two dates of each
completion in the period, and Python takes the median per group.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, CertificateStatus
from courses.models import (
    Cohort,
    CompetencyDomain,
    CourseCompletion,
    CoursePage,
    Enrolment,
    PartnerOrganisation,
)
from courses.selectors import course_domain_ids


class Breakdown:
    COURSE = "course"
    DOMAIN = "domain"
    PARTNER = "partner"
    COHORT = "cohort"
    MONTH = "month"

    choices = [
        (COURSE, _("Course")),
        (DOMAIN, _("Competency domain")),
        (PARTNER, _("Partner organisation")),
        (COHORT, _("Cohort")),
        (MONTH, _("Month")),
    ]
    headings = {
        COURSE: _("Per course"),
        DOMAIN: _("Per competency domain"),
        PARTNER: _("Per partner organisation"),
        COHORT: _("Per cohort"),
        MONTH: _("Per month"),
    }

    @classmethod
    def label(cls, value) -> str:
        return dict(cls.choices)[value]


# What each row counts, in table order, with the labels of its column.
FIGURES = [
    ("learners", _("Learners")),
    ("enrolments", _("Enrolments")),
    ("completions", _("Courses completed")),
    ("issued", _("Certificates issued")),
    ("revoked", _("Certificates revoked")),
    ("expired", _("Certificates expired")),
    ("median_days", _("Median days to complete")),
]

NO_COHORT = _("No cohort")
NO_PARTNER = _("No partner organisation")


@dataclass
class ReportRow:
    """The figures of one group (a course, a domain, a month …), or of all."""

    key: object
    label: str
    learners: int = 0
    enrolments: int = 0
    completions: int = 0
    issued: int = 0
    revoked: int = 0
    expired: int = 0
    median_days: float | None = None

    @property
    def figures(self) -> list:
        return [getattr(self, name) for name, _label in FIGURES]

    @property
    def empty(self) -> bool:
        return not any(
            getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("key", "label")
        )


@dataclass(frozen=True)
class ChartBar:
    label: str
    length: float  # percent of the longest bar
    value: str


@dataclass(frozen=True)
class Chart:
    figure: str
    title: str
    bars: list[ChartBar]


@dataclass(frozen=True)
class AcademyReport:
    start: datetime.date
    end: datetime.date
    breakdown: str
    rows: list[ReportRow]
    total: ReportRow

    @property
    def empty(self) -> bool:
        return self.total.empty

    @property
    def breakdown_label(self) -> str:
        return Breakdown.label(self.breakdown)

    @property
    def heading(self) -> str:
        return Breakdown.headings[self.breakdown]

    def charts(self) -> list[Chart]:
        """One bar chart per figure, a bar per row, the longest bar full length."""
        charts = []
        for name, title in FIGURES:
            values = [getattr(row, name) for row in self.rows]
            longest = max((v for v in values if v), default=0)
            charts.append(
                Chart(
                    figure=name,
                    title=str(title),
                    bars=[
                        ChartBar(
                            label=row.label,
                            length=100 * value / longest if value and longest else 0,
                            value=number(value),
                        )
                        for row, value in zip(self.rows, values, strict=True)
                    ],
                )
            )
        return charts


def number(value) -> str:
    """A figure as the table and the charts show it: a median to a tenth, or a
    dash where there is none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=1)
    return formats.number_format(value)


def default_period(today: datetime.date | None = None):
    """The last twelve months: from the first day of the month eleven months
    ago to today (so the month breakdown shows twelve months)."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - 11
    return datetime.date(month // 12, month % 12 + 1, 1), today


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _between(field: str, start, end) -> Q:
    """``field`` (a date and time) on a day from ``start`` to ``end``, both
    included, in the academy's time zone; as a range, so an index serves it."""
    after_end = end + datetime.timedelta(days=1)
    return Q(**{f"{field}__gte": _moment(start), f"{field}__lt": _moment(after_end)})


def _month(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value
    return datetime.date(value.year, value.month, 1)


def _months(start, end) -> list[datetime.date]:
    months, month = [], _month(start)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class _Sources:
    """The records of the period that the user manages, one QuerySet a figure."""

    enrolments: QuerySet
    completions: QuerySet
    issued: QuerySet
    revoked: QuerySet
    expired: QuerySet


def _sources(*, user, start, end) -> _Sources:
    certificates = Certificate.objects.managed_by(user)
    return _Sources(
        enrolments=Enrolment.objects.managed_by(user).filter(
            _between("enrolled_at", start, end)
        ),
        completions=CourseCompletion.objects.managed_by(user).filter(
            _between("completed_at", start, end)
        ),
        issued=certificates.filter(_between("issued_at", start, end)),
        revoked=certificates.filter(_between("revoked_at", start, end)),
        # Expired in the period and expired still (a revoked one is "revoked").
        expired=certificates.with_status().filter(
            status_today=CertificateStatus.EXPIRED,
            expires_on__gte=start,
            expires_on__lte=end,
        ),
    )


# For each breakdown, the group of each source's records: a field path (course,
# cohort, partner) or the month of the date that counts for that figure.
_GROUPS = {
    Breakdown.COURSE: {
        "enrolments": "cohort__course_id",
        "completions": "course_id",
        "certificates": "course_id",
    },
    Breakdown.DOMAIN: {  # grouped by course, then courses into domains
        "enrolments": "cohort__course_id",
        "completions": "course_id",
        "certificates": "course_id",
    },
    Breakdown.COHORT: {
        "enrolments": "cohort_id",
        "completions": "cohort_id",
        "certificates": "cohort_id",
    },
    Breakdown.PARTNER: {
        "enrolments": "cohort__partner_id",
        "completions": "cohort__partner_id",
        "certificates": "cohort__partner_id",
    },
}
_DATES = {
    "enrolments": "enrolled_at",
    "completions": "completed_at",
    "issued": "issued_at",
    "revoked": "revoked_at",
    "expired": "expires_on",
}


def _group(breakdown: str, source: str):
    """The expression that groups ``source``'s records under ``breakdown``."""
    if breakdown == Breakdown.MONTH:
        return TruncMonth(_DATES[source])
    kind = "certificates" if source in ("issued", "revoked", "expired") else source
    return F(_GROUPS[breakdown][kind])


def _durations(completions: QuerySet, group) -> list[tuple[object, float]]:
    """(group, days from enrolment to completion) of every completion: one
    query, the enrolment read by a subquery."""
    enrolled_at = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"), learner_id=OuterRef("learner_id")
    ).values("enrolled_at")[:1]
    rows = (
        completions.annotate(group=group, enrolled_at=Subquery(enrolled_at))
        .filter(enrolled_at__isnull=False)
        .values_list("group", "enrolled_at", "completed_at")
        .order_by()
    )
    return [
        (key, max(0.0, (done - began).total_seconds() / 86400))
        for key, began, done in rows
    ]


def _median(days: list[float]) -> float | None:
    return round(statistics.median(days), 1) if days else None


def _counts(sources: _Sources, breakdown: str) -> dict[object, dict[str, int]]:
    """{group key: {figure: count}}, one grouped query per source."""
    figures: dict[object, dict[str, int]] = defaultdict(dict)

    def grouped(queryset, source, **counts):
        rows = (
            queryset.annotate(group=_group(breakdown, source))
            .values("group")
            .annotate(**counts)
            .order_by()
        )
        for row in rows:
            key = _month(row["group"]) if breakdown == Breakdown.MONTH else row["group"]
            for name in counts:
                figures[key][name] = figures[key].get(name, 0) + row[name]

    grouped(
        sources.enrolments,
        "enrolments",
        learners=Count("learner_id", distinct=True),
        enrolments=Count("pk"),
    )
    grouped(sources.completions, "completions", completions=Count("pk"))
    for name in ("issued", "revoked", "expired"):
        grouped(getattr(sources, name), name, **{name: Count("pk")})
    return figures


def _labels(breakdown: str, keys) -> dict[object, str]:
    """The name of each group, in one query."""
    ids = [key for key in keys if key is not None]
    if breakdown == Breakdown.COURSE:
        return dict(CoursePage.objects.filter(pk__in=ids).values_list("pk", "title"))
    if breakdown == Breakdown.PARTNER:
        names = dict(
            PartnerOrganisation.objects.filter(pk__in=ids).values_list("pk", "name")
        )
        return {None: str(NO_PARTNER), **names}
    if breakdown == Breakdown.COHORT:
        cohorts = Cohort.objects.filter(pk__in=ids).values_list(
            "pk", "name", "course__title"
        )
        return {
            None: str(NO_COHORT),
            **{pk: f"{name} ({course})" for pk, name, course in cohorts},
        }
    return {key: formats.date_format(key, "YEAR_MONTH_FORMAT") for key in keys}


def _sort_key(breakdown: str, labels: dict) -> Callable:
    if breakdown == Breakdown.MONTH:
        return lambda key: key
    # Named groups by name; "no cohort" or "no partner" last.
    return lambda key: (key is None, str(labels.get(key, "")).casefold())


def _grouped_rows(
    sources: _Sources, breakdown: str, durations, start, end
) -> list[ReportRow]:
    counts = _counts(sources, breakdown)
    days: dict[object, list[float]] = defaultdict(list)
    for key, value in durations:
        days[_month(key) if breakdown == Breakdown.MONTH else key].append(value)
    keys = set(counts)
    if breakdown == Breakdown.MONTH:
        keys |= set(_months(start, end))  # every month, the empty ones too
    labels = _labels(breakdown, keys)
    return [
        ReportRow(
            key=key,
            label=labels.get(key, str(key)),
            median_days=_median(days.get(key, [])),
            **counts.get(key, {}),
        )
        for key in sorted(keys, key=_sort_key(breakdown, labels))
    ]


def _domains() -> list[tuple[str, str, set[int]]]:
    """(key, name, course ids) of each competency domain that some course
    develops: a domain and its translations are one group (a French course
    develops the French copy of a domain), named in the interface language."""
    by_path = course_domain_ids()
    course_ids = dict(
        CoursePage.objects.filter(path__in=by_path).values_list("path", "pk")
    )
    courses_of: dict[int, set[int]] = defaultdict(set)
    for path, domain_ids in by_path.items():
        for domain_id in domain_ids:
            if path in course_ids:
                courses_of[domain_id].add(course_ids[path])
    domains = CompetencyDomain.objects.filter(pk__in=courses_of).values_list(
        "pk", "translation_key", "name", "locale__language_code", "sort_order"
    )
    wanted = [translation.get_language(), settings.LANGUAGE_CODE]
    groups: dict[object, dict] = {}
    for pk, key, name, language, order in domains:
        group = groups.setdefault(key, {"courses": set(), "names": {}, "order": order})
        group["courses"] |= courses_of[pk]
        group["names"][language] = name
    found = []
    for key, group in groups.items():
        names = group["names"]
        name = next(
            (names[code] for code in wanted if code in names), min(names.values())
        )
        found.append(
            (group["order"], name.casefold(), str(key), name, group["courses"])
        )
    return [(key, name, courses) for _o, _n, key, name, courses in sorted(found)]


def _domain_rows(sources: _Sources, durations) -> list[ReportRow]:
    """Per domain: each figure counted over the courses that develop it, in one
    query per source (a filtered count per domain). A course in two domains
    counts in both, so the rows do not add up to the total."""
    domains = _domains()
    if not domains:
        return []

    def per_domain(queryset, course_field, **figures):
        counts = {
            f"{figure}_{index}": Count(
                field,
                distinct=distinct,
                filter=Q(**{f"{course_field}__in": courses}),
            )
            for index, (_key, _name, courses) in enumerate(domains)
            for figure, (field, distinct) in figures.items()
        }
        return queryset.order_by().aggregate(**counts)

    found = {
        **per_domain(
            sources.enrolments,
            "cohort__course_id",
            learners=("learner_id", True),
            enrolments=("pk", False),
        ),
        **per_domain(sources.completions, "course_id", completions=("pk", False)),
    }
    for name in ("issued", "revoked", "expired"):
        found.update(
            per_domain(getattr(sources, name), "course_id", **{name: ("pk", False)})
        )
    days: dict[int, list[float]] = defaultdict(list)
    for course_id, value in durations:
        days[course_id].append(value)
    rows = []
    for index, (key, name, courses) in enumerate(domains):
        row = ReportRow(
            key=key,
            label=name,
            median_days=_median([d for c in courses for d in days.get(c, [])]),
            **{
                figure: found[f"{figure}_{index}"]
                for figure, _label in FIGURES
                if figure != "median_days"
            },
        )
        if not row.empty:
            rows.append(row)
    return rows


def _total(sources: _Sources, durations) -> ReportRow:
    enrolments = sources.enrolments.order_by().aggregate(
        learners=Count("learner_id", distinct=True), enrolments=Count("pk")
    )
    return ReportRow(
        key=None,
        label=str(_("All")),
        completions=sources.completions.order_by().count(),
        issued=sources.issued.order_by().count(),
        revoked=sources.revoked.order_by().count(),
        expired=sources.expired.order_by().count(),
        median_days=_median([days for _key, days in durations]),
        **enrolments,
    )


def academy_report(*, user, start, end, breakdown: str) -> AcademyReport:
    """The figures of the period from ``start`` to ``end`` (both included) that
    ``user`` manages, per ``breakdown`` (a ``Breakdown`` value), with the total.

    Learners are distinct people enrolled in the period; enrolments, those
    made in it (withdrawn ones too); completions, courses first completed in
    it; certificates, those issued, revoked, or expired (and still expired)
    in it; the median, days from enrolment to completion of the completions.
    """
    sources = _sources(user=user, start=start, end=end)
    # Domains group courses: the durations are read per course, then combined.
    by = Breakdown.COURSE if breakdown == Breakdown.DOMAIN else breakdown
    durations = _durations(sources.completions, _group(by, "completions"))
    if breakdown == Breakdown.DOMAIN:
        rows = _domain_rows(sources, durations)
    else:
        rows = _grouped_rows(sources, breakdown, durations, start, end)
    return AcademyReport(
        start=start,
        end=end,
        breakdown=breakdown,
        rows=rows,
        total=_total(sources, durations),
    )
