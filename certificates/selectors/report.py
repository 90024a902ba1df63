"""The academy report: learners, enrolments, completions and certificates over a
period, per course, competency domain, partner organisation, cohort or month
(decision 0029).

It reads courses and certificates, so it lives in ``certificates`` (which may
import ``courses``). Everything is limited to what the user manages: the
cohort rule of decision 0026, through the ``managed_by`` QuerySet methods, so a
trainer's report covers their own cohorts and an editor's the whole academy.

Every figure is counted in SQL: grouped by course, cohort or partner
(``values`` and ``Count``), or for months and domains as one filtered
``Count`` per row in a single query. So the number of queries is the same for
ten learners or a hundred thousand: about a dozen, whatever the breakdown
(bench/report.py). The median is the one figure SQLite cannot aggregate: one
query reads the two dates of each completion in the period, and Python takes
the median per row.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, fields

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
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


class Breakdown(models.TextChoices):
    """What the report's rows are."""

    COURSE = "course", _("Course")
    DOMAIN = "domain", _("Competency domain")
    PARTNER = "partner", _("Partner organisation")
    COHORT = "cohort", _("Cohort")
    MONTH = "month", _("Month")


# The heading of the report's table and charts, per breakdown.
HEADINGS = {
    Breakdown.COURSE: _("Per course"),
    Breakdown.DOMAIN: _("Per competency domain"),
    Breakdown.PARTNER: _("Per partner organisation"),
    Breakdown.COHORT: _("Per cohort"),
    Breakdown.MONTH: _("Per month"),
}


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
        return Breakdown(self.breakdown).label

    @property
    def heading(self) -> str:
        return HEADINGS[self.breakdown]

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


def _month(value: datetime.date) -> datetime.date:
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
        enrolments=Enrolment.objects.managed_by(user)
        .ever_enrolled()
        .filter(_between("enrolled_at", start, end)),
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


# What each source's records count: {figure: (field, distinct)}.
_COUNTS = {
    "enrolments": {"learners": ("learner_id", True), "enrolments": ("pk", False)},
    "completions": {"completions": ("pk", False)},
    "issued": {"issued": ("pk", False)},
    "revoked": {"revoked": ("pk", False)},
    "expired": {"expired": ("pk", False)},
}
# Each source's course and the date that places its records in a month.
_COURSE = {"enrolments": "cohort__course_id"}
_DATES = {
    "enrolments": "enrolled_at",
    "completions": "completed_at",
    "issued": "issued_at",
    "revoked": "revoked_at",
    "expired": "expires_on",
}
_FIELDS = {
    Breakdown.COHORT: "cohort_id",
    Breakdown.PARTNER: "cohort__partner_id",
}


def _field(breakdown: str, source: str) -> str:
    """The field that groups ``source``'s records per course, cohort or partner."""
    if breakdown == Breakdown.COURSE:
        return _COURSE.get(source, "course_id")
    return _FIELDS[breakdown]


def _counts_of(source: str, *, suffix: str = "", condition: Q | None = None):
    return {
        f"{figure}{suffix}": Count(field, distinct=distinct, filter=condition)
        for figure, (field, distinct) in _COUNTS[source].items()
    }


@dataclass(frozen=True)
class _Completion:
    """A completion of the period, where it belongs and how long it took."""

    course: int
    cohort: int | None
    partner: int | None
    month: datetime.date
    days: float


def _completions(completions: QuerySet) -> list[_Completion]:
    """Every completion of the period with the days since its enrolment: one
    query (a subquery finds the enrolment), for the medians."""
    enrolled_at = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"), learner_id=OuterRef("learner_id")
    ).values("enrolled_at")[:1]
    rows = (
        completions.annotate(enrolled_at=Subquery(enrolled_at))
        .filter(enrolled_at__isnull=False)
        .values_list(
            "course_id",
            "cohort_id",
            "cohort__partner_id",
            "enrolled_at",
            "completed_at",
        )
        .order_by()
    )
    here = timezone.get_current_timezone()  # months begin in the academy's zone
    return [
        _Completion(
            course=course,
            cohort=cohort,
            partner=partner,
            month=_month(done.astimezone(here)),
            days=max(0.0, (done - began).total_seconds() / 86400),
        )
        for course, cohort, partner, began, done in rows
    ]


def _median(days: list[float]) -> float | None:
    return round(statistics.median(days), 1) if days else None


def _grouped_counts(sources: _Sources, breakdown: str) -> dict[object, dict]:
    """{course, cohort or partner id: {figure: count}}: one grouped query per
    source."""
    figures: dict[object, dict[str, int]] = defaultdict(dict)
    for source in _COUNTS:
        rows = (
            getattr(sources, source)
            .values(group=F(_field(breakdown, source)))
            .annotate(**_counts_of(source))
            .order_by()
        )
        for row in rows:
            figures[row.pop("group")].update(row)
    return figures


def _labels(breakdown: str, keys) -> dict[object, str]:
    """The name of each course, cohort or partner, in one query."""
    ids = [key for key in keys if key is not None]
    if breakdown == Breakdown.COURSE:
        return dict(CoursePage.objects.filter(pk__in=ids).values_list("pk", "title"))
    if breakdown == Breakdown.PARTNER:
        names = PartnerOrganisation.objects.filter(pk__in=ids).values_list("pk", "name")
        return {None: str(NO_PARTNER), **dict(names)}
    cohorts = Cohort.objects.filter(pk__in=ids).values_list(
        "pk", "name", "course__title"
    )
    return {
        None: str(NO_COHORT),
        **{pk: f"{name} ({course})" for pk, name, course in cohorts},
    }


def _grouped_rows(sources: _Sources, breakdown: str, completions) -> list[ReportRow]:
    counts = _grouped_counts(sources, breakdown)
    days: dict[object, list[float]] = defaultdict(list)
    attribute = {Breakdown.COURSE: "course", Breakdown.COHORT: "cohort"}.get(
        breakdown, "partner"
    )
    for completion in completions:
        days[getattr(completion, attribute)].append(completion.days)
    labels = _labels(breakdown, counts)
    ordered = sorted(  # by name; "no cohort" or "no partner" last
        counts, key=lambda key: (key is None, str(labels.get(key, "")).casefold())
    )
    return [
        ReportRow(
            key=key,
            label=labels.get(key, str(key)),
            median_days=_median(days.get(key, [])),
            **counts[key],
        )
        for key in ordered
    ]


@dataclass(frozen=True)
class _Bucket:
    """A row that is not a column of the records: a month (its records are
    those dated in it) or a domain (those of the courses that develop it)."""

    key: object
    label: str
    month: datetime.date | None = None
    courses: frozenset = frozenset()

    def condition(self, source: str) -> Q:
        if self.month is None:
            return Q(**{f"{_COURSE.get(source, 'course_id')}__in": self.courses})
        after = (self.month + datetime.timedelta(days=32)).replace(day=1)
        if source == "expired":  # a date, not a moment
            return Q(expires_on__gte=self.month, expires_on__lt=after)
        field = _DATES[source]
        return Q(
            **{f"{field}__gte": _moment(self.month), f"{field}__lt": _moment(after)}
        )

    def holds(self, completion: _Completion) -> bool:
        if self.month is None:
            return completion.course in self.courses
        return completion.month == self.month


def _month_buckets(start, end) -> list[_Bucket]:
    return [
        _Bucket(
            key=month,
            label=formats.date_format(month, "YEAR_MONTH_FORMAT"),
            month=month,
        )
        for month in _months(start, end)
    ]


def _domain_buckets() -> list[_Bucket]:
    """A bucket per competency domain that some course develops: a domain and
    its translations are one (a French course develops the French copy of a
    domain), named in the interface language, in the framework's order."""
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
    buckets = []
    for key, group in groups.items():
        names = group["names"]
        name = next((names[c] for c in wanted if c in names), min(names.values()))
        buckets.append(
            (
                group["order"],
                name.casefold(),
                _Bucket(key=key, label=name, courses=frozenset(group["courses"])),
            )
        )
    return [bucket for _order, _name, bucket in sorted(buckets, key=lambda b: b[:2])]


def _bucket_rows(sources: _Sources, buckets, completions) -> list[ReportRow]:
    """Each figure of each bucket as a filtered count: one query per source,
    with a column per bucket, whatever the number of records."""
    if not buckets:
        return []
    found = {}
    for source in _COUNTS:
        counts = {}
        for index, bucket in enumerate(buckets):
            counts |= _counts_of(
                source, suffix=f"_{index}", condition=bucket.condition(source)
            )
        found |= getattr(sources, source).order_by().aggregate(**counts)
    figures = [name for name, _label in FIGURES if name != "median_days"]
    return [
        ReportRow(
            key=bucket.key,
            label=bucket.label,
            median_days=_median([c.days for c in completions if bucket.holds(c)]),
            **{figure: found[f"{figure}_{index}"] for figure in figures},
        )
        for index, bucket in enumerate(buckets)
    ]


def _total(sources: _Sources, completions) -> ReportRow:
    found = {}
    for source in _COUNTS:
        found |= getattr(sources, source).order_by().aggregate(**_counts_of(source))
    return ReportRow(
        key=None,
        label=str(_("All")),
        median_days=_median([completion.days for completion in completions]),
        **found,
    )


def academy_report(*, user, start, end, breakdown: str) -> AcademyReport:
    """The figures of the period from ``start`` to ``end`` (both included) that
    ``user`` manages, per ``breakdown`` (a ``Breakdown`` value), with the total.

    Learners are distinct people enrolled in the period; enrolments, those
    made in it (withdrawn ones too); completions, courses first completed in
    it; certificates, those issued, revoked, or expired (and still expired)
    in it; the median, days from enrolment to completion of the completions.
    Every month of the period has a row; a domain, course, cohort or partner
    has one when something of the period counts for it. A course counts in
    each domain it develops, so domain rows can add up to more than the total.
    """
    sources = _sources(user=user, start=start, end=end)
    completions = _completions(sources.completions)
    if breakdown == Breakdown.MONTH:
        rows = _bucket_rows(sources, _month_buckets(start, end), completions)
    elif breakdown == Breakdown.DOMAIN:
        rows = [
            row
            for row in _bucket_rows(sources, _domain_buckets(), completions)
            if not row.empty
        ]
    else:
        rows = _grouped_rows(sources, breakdown, completions)
    return AcademyReport(
        start=start,
        end=end,
        breakdown=breakdown,
        rows=rows,
        total=_total(sources, completions),
    )
