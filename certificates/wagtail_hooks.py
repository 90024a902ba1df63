"""The certificate register in the Wagtail admin: find, list and inspect; and
the academy report under Reports (``certificates/admin_views.py``).

Read-only: certificates change only through the services, which trainers reach
in the trainer area (issue, revoke with a reason, re-issue). Each person sees
the certificates they manage (certificates/permissions.py).
"""

import django_filters
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy

from certificates import codes, rendering
from certificates.admin_views import academy_report_view, may_see_report
from certificates.models import Certificate, CertificateStatus
from certificates.permissions import (
    certificate_permission_policy,
    may_download,
    may_manage_certificate,
)
from certificates.selectors import certificate_template_sample
from common.spreadsheets import spreadsheet_safe
from courses.models import CoursePage

register_permission_policy(Certificate, certificate_permission_policy)


def status_filter(queryset, name, value):
    return queryset.with_status().filter(status_today=value)


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CertificateStatus.choices, method=status_filter
    )

    class Meta:
        model = Certificate
        fields = ["status", "course"]


def holder(certificate) -> str:
    return certificate.snapshot.get("name") or _("(withdrawn)")


class CertificateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return certificate_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        ).select_related("course", "cohort__course")

    def search_queryset(self, queryset):
        """A code as people type it (any case, spaces, dashes), or part of the
        printed name, the course title or the learner's e-mail address."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        code = codes.normalise(query)
        if codes.is_well_formed(code):
            return queryset.filter(code=code)
        # Conditions on the certificate's own columns only (no OR across joins),
        # so PostgreSQL combines the name's trigram index with the foreign keys'.
        courses = CoursePage.objects.filter(title__icontains=query).values("pk")
        learners = get_user_model().objects.filter(email__icontains=query).values("pk")
        return queryset.filter(
            Q(snapshot__name__icontains=query)
            | Q(course__in=courses)
            | Q(learner__in=learners)
        )

    def to_row_dict(self, item):
        """A row of the export (Wagtail's CSV or XLSX of the filtered list):
        text and dates, the status as of today."""
        values = {
            "code": item.display_code,
            "name": holder(item),
            "course": item.course.title,
            "cohort": item.cohort.name if item.cohort else "",
            "issued": timezone.localdate(item.issued_at),
            "expires": item.expires_on,
            "status": item.status_label,
            "revoked_reason": item.revoked_reason,
        }
        return {field: values[field] for field in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        """Wagtail keeps XLSX formulas as text but writes CSV cells as they are:
        defuse text a spreadsheet would run as a formula (common/spreadsheets.py)."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            (value,) = spreadsheet_safe([value])
        return value


class CertificateInspectView(generic.InspectView):
    def get_object(self, *args, **kwargs):
        certificate = super().get_object(*args, **kwargs)
        if not certificate_permission_policy.user_has_permission_for_instance(
            self.request.user, "view", certificate
        ):
            raise Http404
        return certificate

    def get_field_label(self, field_name, field):
        labels = {
            "display_code": _("Code"),
            "holder": _("Name as printed"),
            "status_label": _("Status"),
            "pdf_sha256": _("SHA-256 of the PDF"),
            "history": _("History"),
            "replaced_by": _("Replaced by"),
            "design": _("Design"),
        }
        return labels.get(field_name) or super().get_field_label(field_name, field)

    def get_display_code_display_value(self):
        return self.object.display_code

    def get_holder_display_value(self):
        return holder(self.object)

    def get_status_label_display_value(self):
        return self.object.status_label

    def get_fields(self):
        """Only what applies to this certificate: no empty revocation fields on a
        valid one, no override reason where the rule was met. (Wagtail asks for
        the fields before it loads the object.)"""
        certificate = self.get_object()
        optional = {
            "override_reason": certificate.override_reason,
            "replaces": certificate.replaces_id,
            "replaced_by": certificate.revoked_at and certificate.replacement,
            "revoked_at": certificate.revoked_at,
            "revoked_by": certificate.revoked_at,
            "revoked_reason": certificate.revoked_at,
            "withdrawn_at": certificate.withdrawn_at,
            "expires_on": certificate.expires_on,
            "pdf_sha256": certificate.pdf_sha256,
        }
        return [f for f in super().get_fields() if optional.get(f, True)]

    def get_design_display_value(self):
        """The template and version the certificate was rendered with."""
        template = (self.object.snapshot.get("design") or {}).get("template")
        if not template:
            return _("The academy's design")
        return _("%(name)s (version %(version)s)") % {
            "name": template["name"],
            "version": template["version"],
        }

    def get_issued_by_display_value(self):
        if self.object.issued_by is None:
            return _("Automatically, when the learner met the certificate rule")
        return self.object.issued_by.get_full_name() or self.object.issued_by

    def get_history_display_value(self):
        """Every issue, render, revocation and re-issue: when, who and why."""
        rows = []
        for event in self.object.events.select_related("actor"):
            actor = event.actor
            who = (
                (actor.get_full_name() or actor.get_username())
                if actor
                else _("automatically")
            )
            rows.append(
                (
                    self._local(event.created_at),
                    event.get_kind_display(),
                    who,
                    format_html(" – {}", event.note) if event.note else "",
                )
            )
        return format_html(
            '<ol class="academy-history">{}</ol>',
            format_html_join("", "<li>{}: {} ({}){}</li>", rows),
        )

    def _local(self, value):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")

    def get_issued_at_display_value(self):
        return self._local(self.object.issued_at)

    def get_revoked_at_display_value(self):
        return self._local(self.object.revoked_at)

    def get_withdrawn_at_display_value(self):
        return self._local(self.object.withdrawn_at)

    def get_replaced_by_display_value(self):
        replacement = self.object.replacement
        return replacement.display_code if replacement else "-"

    def get_revoked_by_display_value(self):
        user = self.object.revoked_by
        return (user.get_full_name() or user) if user else "-"

    def get_language_display_value(self):
        return dict(settings.LANGUAGES).get(self.object.language, self.object.language)

    @cached_property
    def header_buttons(self):
        certificate = self.object
        user = self.request.user
        buttons = [
            HeaderButton(
                _("Verification page"),
                url=reverse("verify_detail", args=[certificate.code]),
                icon_name="link-external",
                priority=10,
            )
        ]
        if certificate.pdf and may_download(user, certificate):
            buttons.append(
                HeaderButton(
                    _("Download PDF"),
                    url=reverse("certificate_pdf", args=[certificate.code]),
                    icon_name="download",
                    priority=20,
                )
            )
        if certificate.status in (
            CertificateStatus.VALID,
            CertificateStatus.EXPIRED,
        ) and may_manage_certificate(user, certificate):
            buttons.append(
                HeaderButton(
                    _("Revoke"),
                    url=reverse("certificate_revoke", args=[certificate.code]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


class CertificateViewSet(ModelViewSet):
    """Every certificate the user may see, searchable by code or name."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    filterset_class = CertificateFilterSet
    search_fields = ["code"]  # searching is done by CertificateIndexView
    # Wagtail builds add and edit views for every model viewset; the permission
    # policy refuses them, so this form is never shown.
    form_fields = ["override_reason"]
    list_display = [
        TitleColumn(
            "display_code",
            label=_("Code"),
            accessor="display_code",
            url_name="certificates:inspect",
        ),
        Column("holder", label=_("Name as printed"), accessor=holder),
        Column("course", label=_("Course"), classname="academy-wide-only"),
        Column("cohort", label=_("Cohort"), classname="academy-wide-only"),
        DateColumn("issued_at", label=_("Issued"), classname="academy-wide-only"),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    # The filtered, searched list as CSV or XLSX (Wagtail's "Download" buttons).
    list_export = [
        "code",
        "name",
        "course",
        "cohort",
        "issued",
        "expires",
        "status",
        "revoked_reason",
    ]
    export_headings = {
        "code": _("Code"),
        "name": _("Name as printed"),
        "course": _("Course"),
        "cohort": _("Cohort"),
        "issued": _("Issued"),
        "expires": _("Expires"),
        "status": _("Status today"),
        "revoked_reason": _("Reason for revoking"),
    }
    export_filename = "certificates"
    inspect_view_fields = [
        "display_code",
        "status_label",
        "holder",
        "course",
        "cohort",
        "language",
        "design",
        "issued_at",
        "expires_on",
        "issued_by",
        "override_reason",
        "replaces",
        "replaced_by",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
        "withdrawn_at",
        "pdf_sha256",
        "history",
    ]


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates")


@hooks.register("register_admin_urls")
def academy_report_urls():
    return [path("reports/academy/", academy_report_view, name="academy_report")]


class AcademyReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_reports_menu_item")
def academy_report_menu_item():
    return AcademyReportMenuItem(
        _("Academy report"),
        reverse("academy_report"),
        name="academy-report",
        icon_name="table",
        order=50,
    )


@hooks.register("certificate_template_preview")
def certificate_template_preview(*, template, language, request):
    """The admin preview of a certificate template (cms.models): a sample
    certificate in ``language``, rendered as an issued one is, unsealed."""
    pdf = rendering.render_pdf(
        certificate_template_sample(template=template, language=language)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="certificate-preview.pdf"'
    return response
