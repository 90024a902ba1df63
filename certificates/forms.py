import csv
import io
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.selectors.report import Breakdown


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=60,
        help_text=_(
            "As printed on the certificate, e.g. 7K3F-9QXA-2M4P-… "
            "(spaces and case do not matter)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


PDF_CHECK_MAX_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data:
                return super().clean(None, initial)  # "This field is required."
            return [
                super(MultipleFileField, self).clean(item, initial) for item in data
            ]
        return [super().clean(data, initial)]


class CheckPdfForm(forms.Form):
    pdf = MultipleFileField(
        label=_("Certificate PDF"),
        help_text=_("At most 10 MB each. You can choose several files at once."),
    )

    def clean_pdf(self):
        uploads = self.cleaned_data["pdf"]
        if len(uploads) > PDF_CHECK_MAX_FILES:
            raise forms.ValidationError(
                _("Check at most %(max)s files at a time; you chose %(count)s.")
                % {"max": PDF_CHECK_MAX_FILES, "count": len(uploads)}
            )
        errors = []
        for upload in uploads:
            if upload.size > 10 * 1024 * 1024:
                errors.append(
                    _("“%(name)s” is larger than 10 MB.") % {"name": upload.name}
                )
                continue
            head = upload.read(5)
            upload.seek(0)
            if head != b"%PDF-":
                errors.append(
                    _("“%(name)s” is not a PDF file.") % {"name": upload.name}
                )
        if errors:
            raise forms.ValidationError(errors)
        return uploads


class IssueForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Required when the learner has not met the certificate rule; kept with "
            "the certificate."
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown to anyone who checks the certificate."),
    )


class ReissueForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you re-issuing it? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Kept in the certificate's history, e.g. 'Name corrected'."),
    )


class RecordLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Who is this link for? (optional)"),
        max_length=100,
        required=False,
        help_text=_(
            "Only you see this, e.g. “Museum volunteer application”. It helps you "
            "withdraw the right link later."
        ),
    )


BULK_VERIFY_MAX = 100
BULK_FILE_MAX_BYTES = 1024 * 1024
ENTRY_MAX = 60
# Codes are separated by new lines, commas or semicolons; a code itself may
# contain spaces and dashes (certificates/codes.py ignores them).
_SEPARATORS = re.compile(r"[\r\n,;\t]+")


class BulkVerifyForm(forms.Form):
    """Many codes at once: pasted, or the first column (or the column named
    "code") of a CSV file. ``cleaned_data["entries"]`` lists them as typed."""

    codes = forms.CharField(
        label=_("Certificate codes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(
            attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    file = forms.FileField(
        label=_("Or a CSV file of codes"),
        required=False,
        help_text=_("The column named “code”, or else the first column. At most 1 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].help_text = gettext(
            "One code per line (or separated by commas), at most %(max)s at a time."
        ) % {"max": BULK_VERIFY_MAX}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        if upload.size > BULK_FILE_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not a text (CSV) file in UTF-8.")
            ) from error
        try:
            rows = [row for row in csv.reader(io.StringIO(text)) if any(row)]
        except csv.Error as error:
            raise forms.ValidationError(
                _("The file could not be read as CSV: %(problem)s.")
                % {"problem": error}
            ) from error
        if not rows:
            return []
        header = [cell.strip().lower() for cell in rows[0]]
        column = 0
        if "code" in header:
            column, rows = header.index("code"), rows[1:]
        return [row[column].strip() for row in rows if len(row) > column]

    def clean(self):
        cleaned = super().clean()
        typed = [part.strip() for part in _SEPARATORS.split(cleaned.get("codes") or "")]
        entries = [
            # Longer than any code (26 characters, with separators): kept as a
            # line that is "not a code", shortened for the table and the CSV.
            entry if len(entry) <= ENTRY_MAX else entry[:ENTRY_MAX] + "…"
            for entry in [
                *(entry for entry in typed if entry),
                *(entry for entry in cleaned.get("file") or [] if entry),
            ]
        ]
        if not self.errors and not entries:
            raise forms.ValidationError(
                _("Paste at least one code, or choose a CSV file of codes.")
            )
        if len(entries) > BULK_VERIFY_MAX:
            raise forms.ValidationError(
                _(
                    "Check at most %(max)s codes at a time; you gave %(count)s. "
                    "Split them into several checks."
                )
                % {"max": BULK_VERIFY_MAX, "count": len(entries)}
            )
        cleaned["entries"] = entries
        return cleaned


REPORT_DATES_ORDER = _("The start date must be on or before the end date.")
REPORT_START_IN_FUTURE = _("The start date cannot be in the future.")
REPORT_MAX_YEARS = 10
REPORT_PERIOD_TOO_LONG = _(
    "Choose a period of at most %(years)d years, or download several reports."
)


class AcademyReportForm(forms.Form):
    """The academy report's period (both days included) and breakdown."""

    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("First day of the period."),
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Last day of the period (included)."),
    )
    breakdown = forms.ChoiceField(label=_("Break down by"), choices=Breakdown.choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and start > timezone.localdate():
            self.add_error("start", REPORT_START_IN_FUTURE)
        elif start and end and start > end:
            self.add_error("end", REPORT_DATES_ORDER)
        elif start and end and end > _years_after(start, REPORT_MAX_YEARS):
            self.add_error("end", REPORT_PERIOD_TOO_LONG % {"years": REPORT_MAX_YEARS})
        return data


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
