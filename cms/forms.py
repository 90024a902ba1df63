"""The admin form of every page of the academy."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

SLUG_IN_USE = _(
    "Another page here already has this address (the slug, on the Promote tab), "
    "perhaps a draft started earlier. Change the slug on the Promote tab, or "
    "open that page from the list of pages and carry on there."
)


class AcademyPageForm(WagtailAdminPageForm):
    """Wagtail's page form, whose errors say where to look: an address already
    in use is reported on the Promote tab, which is not the tab a trainer writes
    in, so the message at the top of the form names it."""

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.errors and SLUG_IN_USE not in self.non_field_errors():
            self.add_error(None, SLUG_IN_USE)
        return cleaned
