"""The academy report in the Wagtail admin (issue 17, decision 0029): figures on
a known data set, every breakdown, the period's validation, who sees what, the
CSV and XLSX downloads, and queries that stay flat as the academy grows."""

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certificates.forms import (
    REPORT_DATES_ORDER,
    REPORT_PERIOD_TOO_LONG,
    REPORT_START_IN_FUTURE,
)
from certificates.models import Certificate
from certificates.selectors.report import academy_report, default_period
from certificates.services import certificate_issue, certificate_revoke
from courses.models import CourseCompletion, Enrolment
from tests.courses.factories import (
    CompetencyFactory,
    PartnerOrganisationFactory,
    make_cohort,
    make_course,
    make_module,
    make_user,
)

pytestmark = pytest.mark.django_db

URL = "/admin/reports/academy/"
PERIOD = {"start": "2025-01-01", "end": "2025-06-30"}
FIGURES = [
    "learners",
    "enrolments",
    "completions",
    "issued",
    "revoked",
    "expired",
    "median_days",
]


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T10:00"))


def enrol(cohort, learner, day):
    enrolment = Enrolment.objects.create(cohort=cohort, learner=learner)
    Enrolment.objects.filter(pk=enrolment.pk).update(enrolled_at=at(day))
    return enrolment


def complete(cohort, learner, day):
    completion = CourseCompletion.objects.create(
        learner=learner, course=cohort.course, cohort=cohort
    )
    CourseCompletion.objects.filter(pk=completion.pk).update(completed_at=at(day))


def certify(learner, course, by, day, *, revoked=None, expires=None):
    certificate = certificate_issue(
        learner=learner, course=course, by=by, reason="Assessed in person"
    )
    if revoked:
        certificate_revoke(certificate=certificate, by=by, reason="Issued in error")
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=at(day),
        revoked_at=at(revoked) if revoked else None,
        expires_on=date.fromisoformat(expires) if expires else None,
    )
    return certificate


@pytest.fixture
def academy(
    course_tree, course_index, trainer, other_trainer, editor, learner, other_learner
):
    """Two courses in the first half of 2025.

    River watch (domain A), cohort Autumn run by ``trainer`` with the City
    Library: Amina enrolled 10 Jan, completed 30 Jan (20 days), certified
    1 Feb; Jonas enrolled 5 Feb, completed 17 Mar (40 days), certified 20 Mar,
    revoked 2 Apr; Old enrolled in 2024 (outside the period).
    Bee count (domains A and B), cohort Spring run by ``other_trainer``, no
    partner: Jonas enrolled 20 Feb; Lena enrolled 1 Mar, completed 11 Mar
    (10 days), certified 15 Mar, expired 31 May.
    """
    river = course_tree["course"]
    domain_a = course_tree["competency"].domain
    domain_a.name = "Fieldwork strategies"
    domain_a.save()
    bees = make_course(course_index, title="Bee count", slug="bee-count")
    make_module(bees, competencies=[course_tree["competency"]])
    other = CompetencyFactory(domain__name="Coding and analysing data")
    make_module(bees, competencies=[other])
    library = PartnerOrganisationFactory(name="City Library")
    autumn = make_cohort(river, trainers=[trainer], name="Autumn", partner=library)
    spring = make_cohort(bees, trainers=[other_trainer], name="Spring")
    amina, jonas = learner, other_learner
    lena = make_user("lena", name="Lena Novak")
    old = make_user("old", name="Old Learner")

    enrol(autumn, amina, "2025-01-10")
    enrol(autumn, jonas, "2025-02-05")
    enrol(autumn, old, "2024-06-01")
    enrol(spring, jonas, "2025-02-20")
    enrol(spring, lena, "2025-03-01")
    complete(autumn, amina, "2025-01-30")
    complete(autumn, jonas, "2025-03-17")
    complete(spring, lena, "2025-03-11")
    certify(amina, river, editor, "2025-02-01")
    certify(jonas, river, editor, "2025-03-20", revoked="2025-04-02")
    certify(lena, bees, editor, "2025-03-15", expires="2025-05-31")
    return {"river": river, "bees": bees, "autumn": autumn, "spring": spring}


RIVER = [2, 2, 2, 2, 1, 0, 30.0]
BEES = [2, 2, 1, 1, 0, 1, 10.0]
ALL = [3, 4, 3, 3, 1, 1, 20.0]


def figures(row):
    return [getattr(row, name) for name in FIGURES]


def report(user, breakdown):
    return academy_report(
        user=user, start=date(2025, 1, 1), end=date(2025, 6, 30), breakdown=breakdown
    )


def by_label(result):
    return {row.label: figures(row) for row in result.rows}


def test_figures_per_course(academy, editor):
    result = report(editor, "course")
    assert by_label(result) == {"Bee count": BEES, "River watch": RIVER}
    assert [row.label for row in result.rows] == ["Bee count", "River watch"]
    assert figures(result.total) == ALL


def test_figures_per_cohort_and_partner(academy, editor):
    assert by_label(report(editor, "cohort")) == {
        "Autumn (River watch)": RIVER,
        "Spring (Bee count)": BEES,
    }
    partners = report(editor, "partner")
    assert [row.label for row in partners.rows] == [
        "City Library",
        "No partner organisation",
    ]
    assert by_label(partners) == {
        "City Library": RIVER,
        "No partner organisation": BEES,
    }
    assert figures(partners.total) == ALL


def test_figures_per_domain_count_a_course_in_each_of_its_domains(academy, editor):
    result = report(editor, "domain")
    assert by_label(result) == {
        "Fieldwork strategies": ALL,  # both courses develop it
        "Coding and analysing data": BEES,
    }
    assert figures(result.total) == ALL


def test_figures_per_month_show_every_month_of_the_period(academy, editor):
    result = report(editor, "month")
    assert [row.key for row in result.rows] == [
        date(2025, month, 1) for month in range(1, 7)
    ]
    assert [figures(row) for row in result.rows] == [
        [1, 1, 1, 0, 0, 0, 20.0],  # January: Amina enrols and completes
        [1, 2, 0, 1, 0, 0, None],  # February: Jonas enrols twice; Amina certified
        [1, 1, 2, 2, 0, 0, 25.0],  # March
        [0, 0, 0, 0, 1, 0, None],  # April: Jonas's certificate revoked
        [0, 0, 0, 0, 0, 1, None],  # May: Lena's expires
        [0, 0, 0, 0, 0, 0, None],
    ]
    assert result.rows[0].label == "January 2025"


def test_a_trainer_sees_only_their_cohorts(academy, trainer, other_trainer):
    mine = report(trainer, "course")
    assert by_label(mine) == {"River watch": RIVER}
    assert figures(mine.total) == RIVER
    theirs = report(other_trainer, "cohort")
    assert by_label(theirs) == {"Spring (Bee count)": BEES}


def test_the_page_shows_table_and_charts(client, academy, editor):
    client.force_login(editor)
    response = client.get(URL, {**PERIOD, "breakdown": "course"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Academy report" in content
    assert '<th scope="row">River watch</th>' in content
    assert '<th scope="col">Course</th>' in content
    assert content.count('<figure class="chart"') == len(FIGURES)
    assert 'aria-labelledby="report-chart-learners-title"' in content
    assert '<rect class="chart__bar" width="100%"' in content
    assert "export=csv" in content and "export=xlsx" in content
    for name in ("start", "end", "breakdown"):
        assert f'for="id_{name}"' in content  # every field labelled


def test_the_report_is_in_the_reports_menu_for_staff(client, academy, trainer):
    client.force_login(trainer)
    response = client.get("/admin/")
    assert URL in response.content.decode()


def test_default_period_is_the_last_twelve_months(client, academy, editor):
    assert default_period(date(2026, 3, 15)) == (date(2025, 4, 1), date(2026, 3, 15))
    assert default_period(date(2026, 12, 4)) == (date(2026, 1, 1), date(2026, 12, 4))
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    start, end = default_period()
    assert response.context["report"].start == start
    assert response.context["report"].end == end
    assert response.context["report"].breakdown == "course"


def test_empty_period(client, academy, editor):
    client.force_login(editor)
    response = client.get(
        URL, {"start": "2020-01-01", "end": "2020-12-31", "breakdown": "month"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "No enrolments, completions or certificates in this period." in content
    assert "<figure" not in content and "export=csv" not in content


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start": "2025-06-30", "end": "2025-01-01"}, "end", REPORT_DATES_ORDER),
        ({"start": "2099-01-01", "end": "2099-02-01"}, "start", REPORT_START_IN_FUTURE),
        (
            {"start": "2010-01-01", "end": "2025-01-01"},
            "end",
            REPORT_PERIOD_TOO_LONG % {"years": 10},
        ),
        ({"start": "31/02/2025", "end": "2025-03-01"}, "start", "Enter a valid date."),
        ({"start": "", "end": "2025-03-01"}, "start", "This field is required."),
        (
            {"breakdown": "learner"},
            "breakdown",
            "Select a valid choice. learner is not one of the available choices.",
        ),
    ],
)
def test_a_bad_filter_gets_a_clear_error_and_no_figures(
    client, academy, editor, data, field, message
):
    client.force_login(editor)
    response = client.get(URL, {**PERIOD, "breakdown": "course", **data})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [str(message)]
    content = response.content.decode()
    assert str(message) in content.replace("&#x27;", "'")
    assert "<figure" not in content
    export = client.get(URL, {**PERIOD, **data, "export": "csv"})
    assert export.status_code == 400  # the form again, never a file
    assert "Content-Disposition" not in export


def test_the_report_over_exactly_ten_years_is_allowed(client, academy, editor):
    client.force_login(editor)
    response = client.get(URL, {"start": "2015-06-30", "end": "2025-06-30"})
    assert response.status_code == 200


def test_a_trainer_sees_their_cohorts_on_the_page(client, academy, trainer):
    client.force_login(trainer)
    content = client.get(URL, {**PERIOD, "breakdown": "cohort"}).content.decode()
    assert "Autumn (River watch)" in content
    assert "Spring" not in content and "Bee count" not in content
    exported = client.get(URL, {**PERIOD, "breakdown": "cohort", "export": "csv"})
    assert "Spring" not in exported.content.decode("utf-8-sig")


def test_a_learner_is_sent_to_sign_in(client, academy, learner):
    client.force_login(learner)
    response = client.get(URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 302


def test_admin_users_who_may_not_see_cohorts_are_refused(client, academy, learner):
    learner.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(learner)
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert URL not in client.get("/admin/").content.decode()


def test_csv_download_is_the_table(client, academy, editor):
    client.force_login(editor)
    response = client.get(URL, {**PERIOD, "breakdown": "course", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="academy-report-course-2025-01-01-2025-06-30.csv"'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        [
            "Course",
            "Learners",
            "Enrolments",
            "Courses completed",
            "Certificates issued",
            "Certificates revoked",
            "Certificates expired",
            "Median days to complete",
        ],
        ["Bee count", *map(str, BEES)],
        ["River watch", *map(str, RIVER)],
        ["All", *map(str, ALL)],
    ]


def test_xlsx_download_is_the_table(client, academy, editor):
    client.force_login(editor)
    response = client.get(URL, {**PERIOD, "breakdown": "month", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'filename="academy-report-month-2025-01-01-2025-06-30.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Month", "Learners", "Enrolments")
    assert len(rows) == 1 + 6 + 1
    assert rows[1] == ("January 2025", 1, 1, 1, 0, 0, 0, 20)
    assert rows[2][-1] is None  # no completion in February: no median
    assert rows[-1] == ("All", *ALL)


def test_formulas_are_defused_in_both_downloads(client, academy, editor):
    course = academy["river"]
    course.title = '=HYPERLINK("http://evil.example","River")'
    course.save_revision().publish()
    client.force_login(editor)
    query = {**PERIOD, "breakdown": "course"}
    text = client.get(URL, {**query, "export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["'" + course.title, *map(str, RIVER)] in rows  # text to a spreadsheet
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(URL, {**query, "export": "xlsx"}).content)
    )
    cells = [row[0] for row in workbook.active.iter_rows()]
    cell = next(cell for cell in cells if "HYPERLINK" in cell.value)
    assert cell.value == course.title
    assert cell.data_type == "s"  # text, never a formula


def _grow(academy, editor, trainer, size: int):
    """``size`` more learners in each cohort, and a new course, cohort and
    partner with ``size`` learners of its own: every figure and every kind of
    group grows."""
    river, autumn = academy["river"], academy["autumn"]
    index = river.get_parent()
    n = Enrolment.objects.count()
    course = make_course(index, title=f"Course {n}")
    make_module(course, competencies=[CompetencyFactory()])
    cohort = make_cohort(
        course, trainers=[trainer], partner=PartnerOrganisationFactory()
    )
    for number in range(size):
        for where in (autumn, academy["spring"], cohort):
            learner = make_user(f"grow-{n}-{number}-{where.pk}")
            day = date(2025, 1 + number % 6, 1 + number % 27)
            enrol(where, learner, day.isoformat())
            complete(where, learner, (day + timedelta(days=number)).isoformat())
            certify(
                learner,
                where.course,
                editor,
                day.isoformat(),
                revoked="2025-06-01" if number % 3 == 0 else None,
                expires="2025-06-15" if number % 3 == 1 else None,
            )


def _queries(client, breakdown, export=None) -> int:
    query = {**PERIOD, "breakdown": breakdown}
    if export:
        query["export"] = export
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["editor", "trainer"])
def test_queries_stay_flat_as_the_academy_grows(client, academy, editor, trainer, who):
    client.force_login(editor if who == "editor" else trainer)
    breakdowns = ["course", "domain", "partner", "cohort", "month"]
    _grow(academy, editor, trainer, 2)
    _queries(client, "course")  # warm the admin's caches
    small = {b: _queries(client, b) for b in breakdowns}
    small["csv"] = _queries(client, "cohort", "csv")
    _grow(academy, editor, trainer, 8)
    large = {b: _queries(client, b) for b in breakdowns}
    large["csv"] = _queries(client, "cohort", "csv")
    assert large == small
    assert max(small.values()) <= 30
    grown = report(editor, "cohort")
    assert len(grown.rows) == 4  # Autumn, Spring and two new cohorts
    assert grown.total.enrolments == 4 + 3 * 2 + 3 * 8
