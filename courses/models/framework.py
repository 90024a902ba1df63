"""The competency framework: domains and their competencies, plus partners.

All three are translatable snippets with revisions, managed by trainers in the
Wagtail admin (see ``courses/wagtail_hooks.py``).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.choices import DomainKind


def _revisions_relation():
    return GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        for_concrete_model=False,
    )


class CompetencyDomain(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """A family of competencies, e.g. "Research ethics".

    Core domains are shared by every programme; a course may add domains of its own.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=True,
        help_text=_("Used in the address of the domain's page. Filled from the name."),
        blank=True,
    )
    description = models.TextField(_("description"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=DomainKind.choices, default=DomainKind.COURSE
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Lower numbers are listed first.")
    )
    alignment_url = models.URLField(
        _("external alignment"),
        blank=True,
        help_text=_(
            "Optional address of the matching skill in an external framework, "
            "e.g. an ESCO skill."
        ),
    )
    revisions = _revisions_relation()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("sort_order"),
        FieldPanel("alignment_url"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("kind"),
        SynchronizedField("sort_order"),
        SynchronizedField("alignment_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("competency domain")
        verbose_name_plural = _("competency domains")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_domain_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:120]

    @property
    def is_core(self) -> bool:
        return self.kind == DomainKind.CORE


class Competency(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """Something a learner can demonstrate, e.g. "Explain informed consent"."""

    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("A short reference such as RE-2, unique within the framework."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    domain = models.ForeignKey(
        CompetencyDomain,
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        related_name="competencies",
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    alignment_url = models.URLField(_("external alignment"), blank=True)
    revisions = _revisions_relation()

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("domain"),
        FieldPanel("sort_order"),
        FieldPanel("alignment_url"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.AutocompleteField("code"),
        index.SearchField("description"),
        index.FilterField("domain"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [
        SynchronizedField("code"),
        SynchronizedField("sort_order"),
        SynchronizedField("alignment_url"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["domain__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "code"], name="unique_competency_code_per_locale"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class PartnerOrganisation(
    TranslatableMixin, RevisionMixin, index.Indexed, models.Model
):
    """An organisation that co-delivers courses: a library, museum, NGO, council."""

    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    revisions = _revisions_relation()

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]
    override_translatable_fields = [SynchronizedField("website")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name
