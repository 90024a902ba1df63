"""The academy report in the Wagtail admin, and its CSV and XLSX downloads
(decision 0029). Registered under Reports by ``certificates/wagtail_hooks.py``.

Who may open it is the cohort policy's ``view`` permission (trainers, editors,
superusers); what it counts is what they manage (``academy_report``).
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from certificates.forms import AcademyReportForm
from certificates.selectors.report import (
    FIGURES,
    AcademyReport,
    Breakdown,
    academy_report,
    default_period,
)
from common.spreadsheets import spreadsheet_safe
from courses.permissions import cohort_permission_policy, manages_every_cohort

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_see_report(user) -> bool:
    """Those who may see cohorts in the admin: trainers (their own), editors
    and superusers (every one)."""
    return cohort_permission_policy.user_has_permission(user, "view")


def _form(request) -> AcademyReportForm:
    """The filter from the address; a field the address leaves out takes its
    default (the last twelve months, per course)."""
    start, end = default_period()
    defaults = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "breakdown": Breakdown.COURSE,
    }
    data = {name: request.GET.get(name, default) for name, default in defaults.items()}
    return AcademyReportForm(data)


@require_safe
def academy_report_view(request):
    user = request.user
    if not may_see_report(user):
        raise PermissionDenied
    form = _form(request)
    report = None
    if form.is_valid():
        report = academy_report(user=user, **form.cleaned_data)
        export = request.GET.get("export")
        if export in EXPORT_FORMATS:
            return _download(report, export)
    query = request.GET.copy()
    query.pop("export", None)
    return TemplateResponse(
        request,
        "certificates/admin/academy_report.html",
        {
            "form": form,
            "report": report,
            "figures": FIGURES,
            "everything": manages_every_cohort(user),
            "query": query.urlencode(),
            "page_title": _("Academy report"),
            "header_icon": "table",
        },
        status=200 if report is not None else 400,
    )


def table(report: AcademyReport) -> list[list]:
    """The report's table as rows of cells: the header, a row per group, and
    the total; what the page shows and both downloads contain."""
    header = [str(report.breakdown_label), *[str(label) for _n, label in FIGURES]]
    rows = [[row.label, *row.figures] for row in [*report.rows, report.total]]
    return [header, *rows]


def _filename(report: AcademyReport, extension: str) -> str:
    return (
        f"academy-report-{report.breakdown}-{report.start.isoformat()}"
        f"-{report.end.isoformat()}.{extension}"
    )


def _download(report: AcademyReport, export: str) -> HttpResponse:
    if export == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # a byte order mark, so spreadsheets read UTF-8
        csv.writer(response).writerows(spreadsheet_safe(row) for row in table(report))
    else:
        response = HttpResponse(_xlsx(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(report, export)}"'
    )
    return response


def _xlsx(report: AcademyReport) -> bytes:
    """The table as an Excel workbook (openpyxl, already a Wagtail dependency):
    numbers as numbers; every text stored as text, never as a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Academy report")[:31])
    bold = Font(bold=True)
    rows = table(report)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if cell.data_type == "f":  # text that starts with "="
                cell.data_type = "s"
            if number in (0, len(rows) - 1):  # the header and the total
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
