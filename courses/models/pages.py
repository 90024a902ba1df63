"""The course page tree: home > course index > course > module > lesson.

Page views ask ``courses.selectors`` and ``courses.views.lesson``, which import
these models: a real cycle, so those imports stay inside the methods.
"""

from decimal import Decimal
from functools import reduce
from operator import or_

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.caching import PublicPageMixin
from cms.countries import COUNTRY_CHOICES
from cms.forms import AcademyPageForm
from cms.i18n import LocaleFallbackMixin
from courses.blocks import LearningOutcomesBlock, LessonBodyBlock
from courses.choices import (
    COURSE_LANGUAGE_CHOICES,
    AssessmentSupervision,
    AssessmentType,
    DeliveryMode,
    DomainKind,
    EQFLevel,
)

NEGATIVE_HOURS = _("Hours cannot be negative.")
NEGATIVE_VALIDITY = _(
    "Validity is a number of months and cannot be negative; leave it empty if the "
    "certificate never expires."
)
PASS_MARK_OUT_OF_RANGE = _(
    "The pass mark is a percentage: enter a number from 0 to 100."
)
ATTENDANCE_OUT_OF_RANGE = _("Attendance is a percentage: enter a number from 1 to 100.")
NEGATIVE_MINUTES = _("Time cannot be negative.")
ECTS_OUT_OF_RANGE = _(
    "ECTS credits are a number from 0 to 60 (60 credits are a full year of "
    "study); leave the field empty if the course does not award credits."
)
ECTS_TOO_MANY_FOR_HOURS = _(
    "%(credits)s ECTS credits mean about %(needed)s hours of learning (one credit "
    "is 25 to 30 hours), but the course takes %(hours)s hours. Lower the credits "
    "or correct the hours under Delivery."
)
ECTS_MAX = Decimal("60")
# One ECTS credit is 25-30 hours of learning; fewer than 20 hours a credit is an
# error, not a different convention.
ECTS_MIN_HOURS_PER_CREDIT = Decimal("20")

COURSE_REQUIRES_ITSELF = _("A course cannot require its own certificate.")
COURSE_SPECIFIC_ONLY = _(
    "Only course-specific domains can be added here; core domains apply to every "
    "course."
)

INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class CourseIndexPage(PublicPageMixin, RoutablePageMixin, LocaleFallbackMixin, Page):
    """The catalogue. Child of home; parent of courses.

    Also serves the competency domain pages at ``domains/`` and ``domains/<slug>/``.
    """

    base_form_class = AcademyPageForm

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("course index")

    @path("")
    def catalogue(self, request):
        from courses.selectors import catalogue_context  # noqa: PLC0415 (cycle)

        context = self.get_context(request)
        context.update(catalogue_context(index_page=self, params=request.GET))
        return self.render(request, context_overrides=context)

    @path("domains/")
    def domain_list(self, request):
        from courses.selectors import domain_list_context  # noqa: PLC0415 (cycle)

        context = self.get_context(request)
        context.update(domain_list_context(index_page=self))
        return self.render(
            request,
            template="courses/competency_domain_index.html",
            context_overrides=context,
        )

    @path("domains/<str:slug>/")
    def domain_detail(self, request, slug):
        from courses.selectors import domain_detail_context  # noqa: PLC0415 (cycle)

        detail = domain_detail_context(index_page=self, slug=slug)
        if detail is None:
            raise Http404(_("There is no competency domain at this address."))
        context = self.get_context(request)
        context.update(detail)
        return self.render(
            request,
            template="courses/competency_domain.html",
            context_overrides=context,
        )

    @path("search/", name="search")
    def search_results(self, request):
        """Courses, modules and lessons matching ``q``, grouped by course."""
        from courses.forms import CatalogueSearchForm  # noqa: PLC0415 (cycle)
        from courses.selectors import catalogue_search  # noqa: PLC0415 (cycle)

        form = CatalogueSearchForm(request.GET)
        context = self.get_context(request)
        context["search_form"] = form
        if form.is_valid() and form.cleaned_data["q"]:
            context.update(
                catalogue_search(
                    index_page=self,
                    query=form.cleaned_data["q"],
                    page_number=request.GET.get("page"),
                )
            )
        return self.render(
            request,
            template="courses/search_results.html",
            context_overrides=context,
        )

    def domain_url(self, domain, request=None) -> str:
        return self.url + self.reverse_subpage("domain_detail", args=[domain.slug])


def parent_path(path: str) -> str:
    """The tree path of a page's parent (Wagtail's materialised path)."""
    return path[: -Page.steplen]


def below(page, *, generations: int = 1, prefix: str = "") -> models.Q:
    """A filter for the pages ``generations`` levels below ``page`` (children,
    grandchildren, ...); ``prefix`` for a relation, e.g. ``"page__"``."""
    return models.Q(
        **{
            f"{prefix}path__startswith": page.path,
            f"{prefix}depth": page.depth + generations,
        }
    )


def children_of_any(pages) -> models.Q:
    """A filter for the children of any of ``pages``, in one query."""
    return reduce(or_, (below(page) for page in pages), models.Q(pk__in=[]))


def parent_ids(pages) -> dict[int, int]:
    """``{page id: parent page id}`` for ``pages``, in one query."""
    pages = list(pages)
    by_path = dict(
        Page.objects.filter(
            path__in={parent_path(page.path) for page in pages}
        ).values_list("path", "id")
    )
    return {page.pk: by_path.get(parent_path(page.path)) for page in pages}


# The micro-credential elements (decision 0032) a course stores as plain values:
# all but the learning outcomes (a StreamField) and the ECTS credits (a Decimal).
MICRO_CREDENTIAL_VALUE_FIELDS = (
    "eqf_level",
    "assessment_type",
    "assessment_description",
    "assessment_supervision",
    "assessment_identity_checked",
    "quality_assurance",
    "quality_assurance_url",
    "awarding_body",
    "awarding_body_country",
    "prerequisites",
    "stackability",
)


class CoursePageQuerySet(PageQuerySet):
    def in_domain(self, slug: str):
        """Courses that name the competency domain as their own, or have a live
        module developing one of its competencies."""
        module_paths = ModuleCompetency.objects.filter(
            competency__domain__slug=slug, page__live=True
        ).values_list("page__path", flat=True)
        return self.filter(
            models.Q(path__in={parent_path(path) for path in module_paths})
            | models.Q(course_domains__domain__slug=slug)
        ).distinct()


class CoursePage(PublicPageMixin, LocaleFallbackMixin, Page):
    """A training programme. Child of the course index; parent of modules."""

    base_form_class = AcademyPageForm

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences for the catalogue."),
    )
    description = RichTextField(_("description"), features=INTRO_FEATURES, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image; required when an image is chosen."),
    )

    research_project_name = models.CharField(_("research project"), max_length=200)
    research_project_description = models.TextField(
        _("about the research project"), blank=True
    )
    research_project_url = models.URLField(_("research project website"), blank=True)

    delivery_mode = models.CharField(
        _("delivery mode"),
        max_length=12,
        choices=DeliveryMode.choices,
        default=DeliveryMode.BLENDED,
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("Where in-person sessions happen, e.g. a city or a library."),
    )
    language = models.CharField(
        _("language of instruction"),
        max_length=10,
        choices=COURSE_LANGUAGE_CHOICES,
        default="en",
    )
    effort_hours = models.DecimalField(
        _("effort (hours)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_HOURS)],
        help_text=_("Total learning time, printed on the certificate."),
    )

    # Certificate rule
    certificate_pass_mark = models.IntegerField(
        _("quiz pass mark (%)"),
        default=70,
        validators=[
            MinValueValidator(0, PASS_MARK_OUT_OF_RANGE),
            MaxValueValidator(100, PASS_MARK_OUT_OF_RANGE),
        ],
        help_text=_(
            "Learners must reach this score on every quiz in required modules. "
            "A quiz may set its own mark."
        ),
    )
    certificate_requires_evidence = models.BooleanField(
        _("approved evidence required"),
        default=True,
        help_text=_(
            "Every practical activity in required modules needs evidence a trainer "
            "has approved."
        ),
    )
    certificate_requires_attendance = models.BooleanField(
        _("attendance required"), default=False
    )
    certificate_min_attendance = models.IntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[
            MinValueValidator(1, ATTENDANCE_OUT_OF_RANGE),
            MaxValueValidator(100, ATTENDANCE_OUT_OF_RANGE),
        ],
        help_text=_("Share of in-person sessions a learner must attend."),
    )
    certificate_validity_months = models.IntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, NEGATIVE_VALIDITY)],
        help_text=_("Leave empty if the certificate never expires."),
    )
    certificate_auto_issue = models.BooleanField(
        _("issue certificates automatically"),
        default=True,
        help_text=_(
            "Issue the certificate as soon as a learner meets the rule. Untick it "
            "to have trainers issue certificates themselves, e.g. at a closing "
            "session."
        ),
    )
    certificate_template = models.ForeignKey(
        "cms.CertificateTemplate",
        verbose_name=_("certificate design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        help_text=_(
            "Leave empty for the academy's design (academy settings). Issued "
            "certificates keep the design they were issued with."
        ),
    )

    # European micro-credential elements (Council Recommendation 2022/C 243/02,
    # Annex I), printed on every certificate and frozen in its snapshot.
    learning_outcomes = StreamField(
        LearningOutcomesBlock(),
        blank=True,
        verbose_name=_("learning outcomes"),
        help_text=_(
            "What a learner knows, understands and can do after the course, one "
            "statement each. Printed on the certificate: required for a European "
            "micro-credential."
        ),
    )
    ects_credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0"), ECTS_OUT_OF_RANGE),
            MaxValueValidator(ECTS_MAX, ECTS_OUT_OF_RANGE),
        ],
        help_text=_(
            "Notional workload in European Credit Transfer and Accumulation System "
            "credits (one credit is 25 to 30 hours of learning), e.g. 0.5. Leave "
            "empty if the course does not award credits; the hours under Delivery "
            "are printed either way."
        ),
    )
    eqf_level = models.CharField(
        _("EQF level"),
        max_length=4,
        choices=EQFLevel.choices,
        default=EQFLevel.NOT_REFERENCED,
        help_text=_(
            "The level of the European Qualifications Framework the course is "
            "referenced to by a national authority; most non-formal courses are "
            "not referenced."
        ),
    )
    assessment_type = models.CharField(
        _("type of assessment"),
        max_length=24,
        choices=AssessmentType.choices,
        default=AssessmentType.QUIZZES_AND_PRACTICAL,
        help_text=_("How learners show that they have achieved the outcomes."),
    )
    assessment_description = models.CharField(
        _("assessment in more detail"),
        max_length=300,
        blank=True,
        help_text=_(
            'Optional, printed after the type, e.g. "three online quizzes and a '
            'field report reviewed by a trainer".'
        ),
    )
    assessment_supervision = models.CharField(
        _("supervision of the assessment"),
        max_length=20,
        choices=AssessmentSupervision.choices,
        default=AssessmentSupervision.NONE,
        help_text=_("Whether someone watches while learners are assessed."),
    )
    assessment_identity_checked = models.BooleanField(
        _("identity checked at the assessment"),
        default=False,
        help_text=_(
            "Tick if a trainer checks each learner's identity (e.g. an ID card) "
            "when they are assessed."
        ),
    )
    quality_assurance = models.CharField(
        _("quality assurance"),
        max_length=300,
        blank=True,
        help_text=_(
            "Who assures the course's quality and how, e.g. \"Internal review by "
            "the university's Lifelong Learning Board\". Required for a European "
            "micro-credential."
        ),
    )
    quality_assurance_url = models.URLField(
        _("quality assurance web page"),
        blank=True,
        help_text=_("Optional: where the quality assurance is described."),
    )
    awarding_body = models.CharField(
        _("awarding body"),
        max_length=200,
        blank=True,
        help_text=_(
            "Leave empty when the academy's issuer (in the academy settings) awards "
            "the certificate; fill in for a course awarded by another body."
        ),
    )
    awarding_body_country = models.CharField(
        _("country of the awarding body"),
        max_length=2,
        choices=COUNTRY_CHOICES,
        blank=True,
        help_text=_("Leave empty to use the issuer's country in the academy settings."),
    )
    prerequisites = models.CharField(
        _("prerequisites"),
        max_length=300,
        blank=True,
        help_text=_(
            'Optional: what learners need before they start, e.g. "none" or "a '
            'smartphone with a camera".'
        ),
    )
    required_courses = ParentalManyToManyField(
        "courses.CoursePage",
        verbose_name=_("required certificates"),
        blank=True,
        related_name="+",
        help_text=_(
            "Learners can enrol only while they hold a valid certificate of each "
            "of these courses (in any language)."
        ),
    )
    stackability = models.CharField(
        _("integration and stackability"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional: whether the micro-credential stands alone or counts towards "
            'a larger credential, e.g. "Counts towards the Certificate in '
            'Environmental Monitoring".'
        ),
    )

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
        MultiFieldPanel(
            [
                FieldPanel("research_project_name"),
                FieldPanel("research_project_description"),
                FieldPanel("research_project_url"),
            ],
            heading=_("Research project"),
        ),
        InlinePanel("partners", heading=_("Partner organisations"), label=_("Partner")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("delivery_mode"), FieldPanel("language")]),
                FieldPanel("location"),
                FieldPanel("effort_hours"),
            ],
            heading=_("Delivery"),
        ),
        InlinePanel(
            "course_domains",
            heading=_("Course-specific competency domains"),
            label=_("Domain"),
        ),
        FieldPanel("required_courses"),
        MultiFieldPanel(
            [
                FieldPanel("certificate_pass_mark"),
                FieldPanel("certificate_requires_evidence"),
                FieldRowPanel(
                    [
                        FieldPanel("certificate_requires_attendance"),
                        FieldPanel("certificate_min_attendance"),
                    ]
                ),
                FieldPanel("certificate_validity_months"),
                FieldPanel("certificate_auto_issue"),
                # A plain list: trainers choose a design; only editors edit them.
                FieldPanel("certificate_template", widget=forms.Select),
            ],
            heading=_("Certificate rule"),
            help_text=_(
                "Learners earn the certificate by completing every required module "
                "and meeting these conditions."
            ),
        ),
    ]
    micro_credential_panels = [
        HelpPanel(
            content=_(
                "<p>Every certificate of this course states these elements of a "
                "European micro-credential (Council Recommendation 2022/C 243/02). "
                "The learner, the title, the date and the hours come from the "
                "course and the learner; fill in the rest here. A certificate keeps "
                "what was set when it was issued.</p>"
            ),
        ),
        FieldPanel("learning_outcomes"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ects_credits"), FieldPanel("eqf_level")]),
            ],
            heading=_("Workload and level"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("assessment_type"),
                FieldPanel("assessment_description"),
                FieldRowPanel(
                    [
                        FieldPanel("assessment_supervision"),
                        FieldPanel("assessment_identity_checked"),
                    ]
                ),
            ],
            heading=_("Assessment"),
            help_text=_(
                "The form of participation is the delivery mode on the Content tab."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("quality_assurance"),
                FieldPanel("quality_assurance_url"),
                FieldRowPanel(
                    [FieldPanel("awarding_body"), FieldPanel("awarding_body_country")]
                ),
            ],
            heading=_("Quality assurance and awarding body"),
        ),
        MultiFieldPanel(
            [FieldPanel("prerequisites"), FieldPanel("stackability")],
            heading=_("Optional elements"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(micro_credential_panels, heading=_("Micro-credential")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("research_project_name"),
        index.SearchField("research_project_description"),
        index.FilterField("delivery_mode"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if self.pk and any(
            c.translation_key == self.translation_key
            for c in self.required_courses.all()
        ):
            raise ValidationError({"required_courses": COURSE_REQUIRES_ITSELF})
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
        credits, hours = self.ects_credits, self.effort_hours
        if (
            credits is not None
            and hours is not None
            and Decimal("0") <= credits <= ECTS_MAX
            and credits * ECTS_MIN_HOURS_PER_CREDIT > hours
        ):
            raise ValidationError(
                {
                    "ects_credits": ECTS_TOO_MANY_FOR_HOURS
                    % {
                        "credits": format(credits.normalize(), "f"),
                        "needed": format((credits * 25).normalize(), "f"),
                        "hours": format(hours.normalize(), "f"),
                    }
                }
            )

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import active_enrolment, course_detail  # noqa: PLC0415 (cycle)

        context = super().get_context(request, *args, **kwargs)
        from courses.selectors.enrolment import cohort_options  # noqa: PLC0415 (cycle)

        context.update(course_detail(course=self))
        context["enrolment"] = active_enrolment(learner=request.user, course=self)
        context["cohort_options"] = cohort_options(
            cohorts=context["cohorts"], learner=request.user, course=self
        )
        return context


class CoursePartner(TranslatableMixin, Orderable):
    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="partners")
    partner = models.ForeignKey(
        "courses.PartnerOrganisation",
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    panels = [FieldPanel("partner")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("partner")


class CourseDomain(TranslatableMixin, Orderable):
    page = ParentalKey(
        CoursePage, on_delete=models.CASCADE, related_name="course_domains"
    )
    domain = models.ForeignKey(
        "courses.CompetencyDomain",
        verbose_name=_("competency domain"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": DomainKind.COURSE},
    )
    panels = [FieldPanel("domain")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("course-specific domain")

    def clean(self):
        super().clean()
        if self.domain_id and self.domain.kind != DomainKind.COURSE:
            raise ValidationError({"domain": COURSE_SPECIFIC_ONLY})


class ModulePage(PublicPageMixin, LocaleFallbackMixin, Page):
    """A unit of a course. Child of a course; parent of lessons."""

    base_form_class = AcademyPageForm

    introduction = RichTextField(_("introduction"), features=INTRO_FEATURES)
    estimated_hours = models.DecimalField(
        _("estimated time (hours)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_HOURS)],
    )
    is_required = models.BooleanField(
        _("required for the certificate"),
        default=True,
        help_text=_(
            "Untick for optional modules that do not count towards the certificate."
        ),
    )

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("estimated_hours"), FieldPanel("is_required")]),
        InlinePanel(
            "module_competencies",
            heading=_("Competencies this module develops"),
            label=_("Competency"),
            min_num=1,
            help_text=_(
                "The catalogue lists this module under these competencies' domains. "
                "Include every competency its activities and quizzes evidence."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("module")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import module_detail  # noqa: PLC0415 (cycle)

        context = super().get_context(request, *args, **kwargs)
        context.update(module_detail(module=self))
        return context


class ModuleCompetency(TranslatableMixin, Orderable):
    page = ParentalKey(
        ModulePage, on_delete=models.CASCADE, related_name="module_competencies"
    )
    competency = models.ForeignKey(
        "courses.Competency",
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="module_links",
    )
    panels = [FieldPanel("competency")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("module competency")


class LessonPage(PublicPageMixin, RoutablePageMixin, LocaleFallbackMixin, Page):
    """A lesson: text, media, quizzes and activities. Child of a module; a leaf."""

    base_form_class = AcademyPageForm

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    estimated_minutes = models.IntegerField(
        _("estimated time (minutes)"),
        default=20,
        validators=[MinValueValidator(0, NEGATIVE_MINUTES)],
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))

    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("lesson")

    def blocks(self, kind: str) -> list:
        """The body's blocks of one kind ("quiz", "activity"), in order."""
        return [block for block in self.body if block.block_type == kind]

    def raw_blocks(self, kind: str) -> list[dict]:
        """The body's blocks of one kind as stored (``id``, ``value``): no
        snippet is loaded, for lists of many lessons."""
        return [b for b in self.body.raw_data if b["type"] == kind]

    def block(self, kind: str, block_id: str):
        """The body's block of this kind with this id, or None."""
        return next((b for b in self.blocks(kind) if b.id == block_id), None)

    def module_and_course(self) -> tuple:
        """The lesson's module and course pages (specific), in one query; None
        for either that is not where the page tree says it should be."""
        ancestors = {
            page.depth: page
            for page in Page.objects.filter(
                path__in=[parent_path(self.path), parent_path(parent_path(self.path))]
            ).specific()
        }
        module, course = ancestors.get(self.depth - 1), ancestors.get(self.depth - 2)
        return (
            module if isinstance(module, ModulePage) else None,
            course if isinstance(course, CoursePage) else None,
        )

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import lesson_detail, lesson_state  # noqa: PLC0415 (cycle)

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(lesson=self))
        context["learner_state"] = (
            lesson_state(learner=request.user, lesson=self, course=context["course"])
            if request.user.is_authenticated
            else None
        )
        return context

    @path("")
    def lesson(self, request):
        return self.render(request)

    @path("complete/", name="complete")
    def complete(self, request):
        """Mark the lesson complete for the signed-in, enrolled learner."""
        from courses.views.lesson import lesson_complete_view  # noqa: PLC0415 (cycle)

        return lesson_complete_view(request, self)

    @path("quiz/<str:block_id>/", name="quiz_check")
    def quiz_check(self, request, block_id):
        """Grade a quiz on the server; enrolled learners' attempts are kept."""
        from courses.views.lesson import quiz_check_view  # noqa: PLC0415 (cycle)

        return quiz_check_view(request, self, block_id)

    @path("evidence/<str:block_id>/", name="evidence")
    def evidence(self, request, block_id):
        """Hand in evidence for a practical activity."""
        from courses.views.lesson import evidence_submit_view  # noqa: PLC0415 (cycle)

        return evidence_submit_view(request, self, block_id)
