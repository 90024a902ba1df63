from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from courses.choices import ReviewDecision


class EvidenceForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "Photo (JPG, PNG, WebP), PDF, or data (CSV, XLSX, ODS); at most %(size)s."
        )
        % {"size": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_BYTES)},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    feedback = forms.CharField(
        label=_("Feedback for the learner"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Required when you ask for changes."),
    )


class EnrolPersonForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Two columns with a header row: name, email. UTF-8, at most 1,000 rows."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload
