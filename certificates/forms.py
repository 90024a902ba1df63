from django import forms
from django.utils.translation import gettext_lazy as _


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


class CheckPdfForm(forms.Form):
    pdf = forms.FileField(label=_("Certificate PDF"), help_text=_("At most 10 MB."))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This is not a PDF file."))
        return upload


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
