"""The site shell: home page, standard pages and academy-wide settings."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PreviewableMixin, Site
from wagtail.search import index

from .blocks import BaseContentBlock
from .branding import MINIMUM_CONTRAST, contrast_with_white
from .caching import SITE_VERSION_KEY, PublicPageMixin, seconds_to_keep
from .countries import COUNTRY_CHOICES
from .forms import AcademyPageForm
from .i18n import LocaleFallbackMixin

LANGUAGES = settings.LANGUAGES


def language_name_local(code: str) -> str:
    """A language's own name for itself, e.g. "Ελληνικά"."""
    return get_language_info(code)["name_local"].capitalize()


hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$",
    _("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4e89."),
)


def colour_contrast_errors(instance, fields) -> dict:
    """Errors for colours too light for text on white (WCAG AA)."""
    errors = {}
    for field in fields:
        colour = getattr(instance, field) or ""
        if not hex_colour.regex.match(colour):
            continue  # the field's own validator explains
        ratio = contrast_with_white(colour)
        if ratio < MINIMUM_CONTRAST:
            errors[field] = _(
                "This colour is too light: its contrast with white is "
                "%(ratio).1f:1, and text needs at least %(minimum).1f:1 to be "
                "readable (WCAG AA). Choose a darker shade."
            ) % {"ratio": ratio, "minimum": MINIMUM_CONTRAST}
    return errors


class HomePage(PublicPageMixin, LocaleFallbackMixin, Page):
    """Root of each language's site; holds the course catalogue and standard pages."""

    base_form_class = AcademyPageForm

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown under the academy name."),
    )
    body = StreamField(BaseContentBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage", "cms.StandardPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """What other apps show on the home page comes from their
        ``home_page_context`` hooks (courses: featured courses, core domains),
        so the site shell imports no learning domain."""
        context = super().get_context(request, *args, **kwargs)
        for hook in hooks.get_hooks("home_page_context"):
            context.update(hook(home=self))
        return context


class StandardPage(PublicPageMixin, LocaleFallbackMixin, Page):
    """A plain content page (about, contact, accessibility statement) under home."""

    base_form_class = AcademyPageForm

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BaseContentBlock(), verbose_name=_("body"))

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="site")
class AcademySettings(BaseSiteSetting, ClusterableModel):
    """Who the academy is: name, issuer identity and branding for certificates."""

    academy_name = models.CharField(
        _("academy name"), max_length=150, default="Citizen Science Academy"
    )
    issuer_name = models.CharField(
        _("issuer name"),
        max_length=200,
        blank=True,
        help_text=_("Legal name printed on certificates, e.g. the university."),
    )
    issuer_url = models.URLField(_("issuer website"), blank=True)
    issuer_country = models.CharField(
        _("issuer's country"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        blank=True,
        help_text=_(
            "Where the issuer is established. Certificates state it as the country "
            "of the awarding body, as a European micro-credential must."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    linkedin_organization_id = models.CharField(
        _("LinkedIn organisation ID"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9]+$", _("Enter the number from your LinkedIn page's address.")
            )
        ],
        help_text=_(
            "Optional: the number of the academy's LinkedIn page (in its admin "
            "address). With it, certificates added to LinkedIn link to that page; "
            "without it, they name the issuer."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1d4e89", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#2e7d4f", validators=[hex_colour]
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("academy_name"),
                FieldPanel("issuer_name"),
                FieldPanel("issuer_url"),
                FieldPanel("issuer_country"),
                FieldPanel("contact_email"),
                FieldPanel("linkedin_organization_id"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("primary_colour"),
                FieldPanel("accent_colour"),
            ],
            heading=_("Branding"),
        ),
        InlinePanel("signatories", heading=_("Certificate signatories"), max_num=3),
    ]

    class Meta:
        verbose_name = _("academy settings")

    def clean(self):
        """White text sits on the primary colour (the header, buttons), and both
        colours are used for text on white: each needs WCAG AA contrast."""
        super().clean()
        errors = colour_contrast_errors(self, ("primary_colour", "accent_colour"))
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_request(cls, request):
        """The settings every page shows (name, logo, colours), from the shared
        cache while the site's version token is the one they were read under
        (saving the settings replaces it). The admin edits ``for_site``."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            key = f"cms:academy-settings:{site.pk if site else 0}"
            found = cache.get_many([SITE_VERSION_KEY, key])
            version, entry = found.get(SITE_VERSION_KEY), found.get(key)
            if version is not None and entry is not None and entry[0] == version:
                instance = entry[1]
            else:
                instance = cls.for_site(site)
                if version is not None:
                    cache.set(key, (version, instance), timeout=seconds_to_keep())
            instance._request = request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)


class Signatory(Orderable):
    """A person whose name and signature appear on certificates."""

    settings = ParentalKey(
        AcademySettings, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")

    def __str__(self):
        return f"{self.name} ({self.role})"


# ---------------------------------------------------------------------------
# Certificate templates (issue 17, decision 0035)
# ---------------------------------------------------------------------------

CERTIFICATE_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
WRONG_IMAGE_TYPE = _(
    "Use a PNG or JPEG image here: certificates cannot print this file type."
)
MAX_TEMPLATE_SIGNATORIES = 5


def certificate_image_errors(instance, fields) -> dict:
    """Errors for chosen images a certificate cannot print (SVG, GIF, WebP...)."""
    errors = {}
    for field in fields:
        image = getattr(instance, field, None)
        if image is None:
            continue
        name = (image.file.name or "").lower()
        if not name.endswith(CERTIFICATE_IMAGE_EXTENSIONS):
            errors[field] = WRONG_IMAGE_TYPE
    return errors


class CertificateLayout(models.TextChoices):
    CLASSIC = "classic", _("Classic: a framed page, the academy's colours")
    MODERN = "modern", _("Modern: a coloured band down the side")
    FORMAL = "formal", _("Formal: a double border, serif type and a seal area")


def _image_field(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """A certificate design a course may choose instead of the academy's.

    Issued certificates keep a copy of everything a template gave them
    (certificates/services.py), so editing or deleting a template never
    changes a certificate already issued.
    """

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_('For the admin only, e.g. "Partner programmes 2027".'),
    )
    layout = models.CharField(
        _("layout"),
        max_length=20,
        choices=CertificateLayout.choices,
        default=CertificateLayout.CLASSIC,
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1d4e89", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#2e7d4f", validators=[hex_colour]
    )
    title = models.CharField(
        _("title line"),
        max_length=80,
        blank=True,
        help_text=_(
            'The heading of the certificate, e.g. "Certificate of achievement". '
            'Leave empty for "Certificate" in the learner\'s language; give it in '
            "other languages below."
        ),
    )
    logo = _image_field(
        _("logo"), _("Leave empty to use the academy's logo (academy settings).")
    )
    partner_logo = _image_field(
        _("partner logo"), _("Optional: printed beside the academy's logo.")
    )
    background_image = _image_field(
        _("background image"),
        _(
            "Optional: a light, landscape image behind the whole first page. "
            "Text is printed over it, so keep it faint."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("layout"),
        MultiFieldPanel(
            [
                FieldPanel("primary_colour"),
                FieldPanel("accent_colour"),
                FieldPanel("logo"),
                FieldPanel("partner_logo"),
                FieldPanel("background_image"),
            ],
            heading=_("Branding"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("title"),
                InlinePanel(
                    "titles",
                    heading=_("Title line in other languages"),
                    label=_("Translation"),
                ),
            ],
            heading=_("Wording"),
        ),
        InlinePanel(
            "signatories",
            heading=_("Signatories"),
            label=_("Signatory"),
            max_num=MAX_TEMPLATE_SIGNATORIES,
            help_text=_("Up to five. Leave empty to print the academy's signatories."),
        ),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = colour_contrast_errors(self, ("primary_colour", "accent_colour"))
        errors.update(
            certificate_image_errors(self, ("logo", "partner_logo", "background_image"))
        )
        if errors:
            raise ValidationError(errors)

    def title_in(self, language: str) -> str:
        """The title line in ``language``: its translation, else the default."""
        for title in self.titles.all():
            if title.language == language and title.text.strip():
                return title.text.strip()
        return self.title.strip()

    # The admin preview: a sample certificate in each interface language.
    @property
    def preview_modes(self):
        return [(code, language_name_local(code)) for code, _name in LANGUAGES]

    @property
    def default_preview_mode(self):
        return LANGUAGES[0][0]

    def serve_preview(self, request, mode_name):
        """The sample certificate as a PDF. ``certificates`` renders it (the
        ``certificate_template_preview`` hook): the site shell knows no
        certificates."""
        for hook in hooks.get_hooks("certificate_template_preview"):
            response = hook(template=self, language=mode_name, request=request)
            if response is not None:
                return response
        raise Http404


class CertificateTemplateTitle(Orderable):
    """The title line of a certificate template in one language."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="titles"
    )
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    text = models.CharField(_("title line"), max_length=80)

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("title line translation")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "language"], name="one_title_per_language"
            )
        ]


class CertificateTemplateSignatory(Orderable):
    """A person whose name, role and signature a certificate template prints."""

    template = ParentalKey(
        CertificateTemplate, on_delete=models.CASCADE, related_name="signatories"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150)
    signature = _image_field(_("signature image"))

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")

    def __str__(self):
        return f"{self.name} ({self.role})"

    def clean(self):
        super().clean()
        errors = certificate_image_errors(self, ("signature",))
        if errors:
            raise ValidationError(errors)
