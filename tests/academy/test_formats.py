"""English dates are written the British way, as European academies do."""

from datetime import date

from django import forms
from django.template import Context, Template
from django.utils import translation


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_english_dates_are_british():
    day = date(2026, 12, 4)
    with translation.override("en"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=day) == "4 Dec 2026"
        assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "04/12/2026"
    with translation.override("fr"):
        assert render('{{ d|date:"DATE_FORMAT" }}', d=day) == "4 décembre 2026"


def test_dates_are_still_typed_in_iso_form(client, db):
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override("en"):
        assert Form({"day": "2027-03-01"}).is_valid()
        british = Form({"day": "01/03/2027"})
        assert british.is_valid() and british.cleaned_data["day"] == date(2027, 3, 1)
