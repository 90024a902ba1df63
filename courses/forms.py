from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.services import EDITORS, TRAINERS
from courses.choices import ReviewDecision
from courses.models import CohortSession
from courses.permissions import manages_every_cohort
from courses.selectors.search import (
    NO_WORDS,
    QUERY_TOO_LONG,
    SEARCH_MAX_LENGTH,
    search_words,
)
from courses.services import REQUEST_MESSAGE_MAX, sessions_rescheduled


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type=file multiple>`` (Django's own
    recipe); how many, which types and sizes is for ``evidence_submit``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class EvidenceForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
    )
    # The activity's template renders the input with its limit and types.
    file = MultipleFileField(label=_("Files"), required=False)


class CatalogueSearchForm(forms.Form):
    """The catalogue's search box (``q``); empty is valid (nothing searched)."""

    q = forms.CharField(
        label=_("Search courses and lessons"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": QUERY_TOO_LONG},
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if query and not search_words(query):
            raise forms.ValidationError(NO_WORDS)
        return query


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the trainers (optional)"),
        required=False,
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. why you would like to join, or what you already know."),
    )


class RequestDecisionForm(forms.Form):
    enrolment = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda value: value == "1",
    )
    response = forms.CharField(
        label=_("Message to the learner (optional)"),
        required=False,
        max_length=REQUEST_MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A PDF or a photo (JPG, PNG, WebP); at most %(size)s.")
        % {"size": filesizeformat(settings.ACADEMY_EVIDENCE_MAX_BYTES)},
    )
    whole_course = forms.BooleanField(
        label=_("Send to every learner of the course, in every cohort"),
        required=False,
    )

    def __init__(self, *args, may_write_course: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_write_course:
            del self.fields["whole_course"]


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
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


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


COHORT_TRAINER_SELF_REQUIRED = _(
    "Keep yourself among the trainers: you can only see and change the cohorts "
    "you run. Ask an editor to hand the cohort over to someone else."
)


def _staff_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.email})" if user.email else name


class CohortAdminForm(WagtailAdminModelForm):
    """The cohort form in the Wagtail admin.

    Trainers are chosen from the academy's staff (the Trainers and Editors
    groups and superusers), never from every learner's account. A trainer who
    may not manage every cohort must stay among its trainers, or they would
    lose it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.trainers.all() if self.instance.pk else []
        staff = Q(is_superuser=True) | Q(groups__name__in=[TRAINERS, EDITORS])
        field = self.fields["trainers"]
        field.queryset = (
            get_user_model()
            .objects.filter(staff | Q(pk__in=[u.pk for u in current]), is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        field.help_text = _("Academy staff who run this cohort and review its work.")
        field.label_from_instance = _staff_label
        if self.for_user is not None and not self.instance.pk:
            self.initial.setdefault("trainers", [self.for_user.pk])

    def save(self, commit=True):
        # A session whose time or place changed is a new revision of the same
        # calendar event, and its learners are told (courses/services.py).
        sessions_rescheduled(
            sessions=[
                form.instance
                for form in self.formsets["sessions"].forms
                if form.instance.pk
                and not form.cleaned_data.get("DELETE")
                and CohortSession.SCHEDULE_FIELDS & set(form.changed_data)
            ]
        )
        return super().save(commit=commit)

    def clean_trainers(self):
        trainers = self.cleaned_data["trainers"]
        user = self.for_user
        if user is not None and not manages_every_cohort(user) and user not in trainers:
            raise forms.ValidationError(COHORT_TRAINER_SELF_REQUIRED)
        return trainers
