from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, Profile
from accounts.services import profile_save

ERASE_CONFIRMATION_WORD = "ERASE"


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth calls ``signup`` once the user exists."""

    printed_name = forms.CharField(
        label=_("Your name, as it should appear on certificates"),
        max_length=150,
        help_text=_("Any script is fine, e.g. Ελένη Παπαδοπούλου."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if language in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = language

    def signup(self, request, user):
        profile_save(
            user=user,
            printed_name=self.cleaned_data["printed_name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["printed_name", "preferred_language", "name_public"]
        widgets = {"printed_name": forms.TextInput(attrs={"autocomplete": "name"})}


class ErasureForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type ERASE to confirm"),
        max_length=10,
        help_text=_("This cannot be undone."),
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value.upper() != ERASE_CONFIRMATION_WORD:
            raise forms.ValidationError(_("Type the word ERASE to confirm."))
        return value

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password."))
        return password


class EmailPreferencesForm(forms.Form):
    """Which kinds of notification come by e-mail too (all of them stay on the
    notifications page). Service messages about one's own certificates are not
    offered: they are always sent."""

    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an e-mail about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (kind.value, kind.label)
            for kind in Notification.Kind
            if kind not in Notification.ALWAYS_EMAILED
        ],
    )

    @classmethod
    def for_profile(cls, profile, data=None):
        optional = [value for value, _label in cls.base_fields["email_kinds"].choices]
        opted_out = set(profile.email_opt_outs or [])
        return cls(
            data,
            initial={"email_kinds": [k for k in optional if k not in opted_out]},
        )

    def opt_outs(self) -> list[str]:
        chosen = set(self.cleaned_data["email_kinds"])
        return [
            value
            for value, _label in self.fields["email_kinds"].choices
            if value not in chosen
        ]
