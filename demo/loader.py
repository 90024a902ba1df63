"""Build the demo academy from the YAML files in ``demo/content/``.

Idempotent: every object is looked up by a natural key (slug, code, username)
and created only when missing, so running the loader again changes nothing and
never overwrites what trainers have edited.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backends

from accounts.services import profile_save
from certificates.models import Certificate, CertificateStatus
from certificates.services import cohort_issue_eligible
from cms.models import (
    AcademySettings,
    CertificateTemplate,
    CertificateTemplateSignatory,
    CertificateTemplateTitle,
    HomePage,
    Signatory,
)
from cms.services import academy_roles_setup
from courses.models import (
    MICRO_CREDENTIAL_VALUE_FIELDS,
    Cohort,
    CohortSession,
    Competency,
    CompetencyDomain,
    CourseDomain,
    CourseIndexPage,
    CoursePage,
    CoursePartner,
    LessonPage,
    ModuleCompetency,
    ModulePage,
    PartnerOrganisation,
)
from courses.uploads import FILES_DEFAULT
from demo.data import academy, courses, file_bytes
from demo.progress import load_demo_progress, load_demo_queues
from demo.translations import load_french

Report = Callable[[str], None]


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


class DemoAcademyLoader:
    def __init__(self, *, report: Report = print):
        self.report = report
        self.created = 0
        self.content = academy()
        self.locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    def _created(self, obj, created: bool, revision: bool = True):
        if created:
            if revision:
                obj.save_revision()
            self.created += 1
        return obj

    # -- framework ------------------------------------------------------
    def competency(self, code: str) -> Competency:
        return Competency.objects.get(locale=self.locale, code=code)

    def load_framework(self):
        for order, data in enumerate(self.content["domains"]):
            domain = self._created(
                *CompetencyDomain.objects.get_or_create(
                    locale=self.locale,
                    slug=data["slug"],
                    defaults={
                        "name": data["name"],
                        "description": data["description"],
                        "kind": "course",
                        "sort_order": 100 + order * 10,
                    },
                )
            )
            for position, comp in enumerate(data["competencies"], start=1):
                self._created(
                    *Competency.objects.get_or_create(
                        locale=self.locale,
                        code=comp["code"],
                        defaults={
                            "name": comp["name"],
                            "description": comp["description"],
                            "domain": domain,
                            "sort_order": position * 10,
                        },
                    )
                )
        for data in self.content["partners"]:
            self._created(
                *PartnerOrganisation.objects.get_or_create(
                    locale=self.locale,
                    name=data["name"],
                    defaults={
                        "website": data["website"],
                        "description": data["description"],
                    },
                )
            )
        self.report(
            f"Competency framework: {CompetencyDomain.objects.count()} domains, "
            f"{Competency.objects.count()} competencies, "
            f"{PartnerOrganisation.objects.count()} partners."
        )

    def document(self, filename: str, title: str):
        """A downloadable resource, created once from ``demo/content/files/``."""
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title)
        document.file.save(filename, ContentFile(file_bytes(filename)), save=False)
        document.save()
        self.created += 1
        return document

    # -- pages ------------------------------------------------------------
    def _child(self, parent: Page, model, slug: str, build: Callable[[], Page]):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing, False
        page = build()
        page.slug = slug
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page, True

    def home(self) -> HomePage:
        data = self.content["home"]
        home = Site.objects.get(is_default_site=True).root_page.specific
        if home.intro != data["intro"] and not home.has_unpublished_changes:
            home.title, home.intro = data["title"], data["intro"]
            home.save_revision().publish()
        return home

    def load_pages(self):
        data = self.content["course_index"]
        index, _ = self._child(
            self.home(),
            CourseIndexPage,
            "courses",
            lambda: CourseIndexPage(title=data["title"], intro=data["intro"]),
        )
        all_courses = courses()
        for number, data in enumerate(all_courses, start=1):
            course, created = self._child(
                index, CoursePage, data["slug"], lambda data=data: self._course(data)
            )
            self.report(
                f"Course {number}/{len(all_courses)}: {data['title']}"
                + (" (created)" if created else " (already there)")
            )
            for module_data in data["modules"]:
                module, _ = self._child(
                    course,
                    ModulePage,
                    module_data["slug"],
                    lambda m=module_data: self._module(m),
                )
                for lesson_data in module_data["lessons"]:
                    self._child(
                        module,
                        LessonPage,
                        lesson_data["slug"],
                        lambda lesson=lesson_data: self._lesson(lesson),
                    )
        return index

    def _course(self, data) -> CoursePage:
        rule = data.get("rule", {})
        course = CoursePage(
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            research_project_name=data["project"]["name"],
            research_project_description=data["project"]["description"],
            research_project_url=data["project"].get("url", ""),
            delivery_mode=data["delivery_mode"],
            location=data.get("location", ""),
            language=data.get("language", "en"),
            effort_hours=Decimal(str(data["effort_hours"])),
            certificate_pass_mark=rule.get("pass_mark", 70),
            certificate_requires_evidence=rule.get("evidence", True),
            certificate_requires_attendance=rule.get("attendance", False),
            certificate_min_attendance=rule.get("min_attendance", 80),
            certificate_validity_months=rule.get("validity_months"),
            certificate_auto_issue=rule.get("auto_issue", True),
            certificate_template=CertificateTemplate.objects.filter(
                name=data.get("certificate_template", "")
            ).first(),
            **self._micro_credential(data.get("micro_credential", {})),
        )
        course.partners = [
            CoursePartner(
                partner=PartnerOrganisation.objects.get(locale=self.locale, name=name)
            )
            for name in data.get("partners", [])
        ]
        # Courses whose certificate this one requires (decision 0036); they
        # come earlier in the catalogue, so they exist already.
        course.required_courses = list(
            CoursePage.objects.filter(
                locale=self.locale, slug__in=data.get("requires", [])
            )
        )
        course.course_domains = [
            CourseDomain(
                domain=CompetencyDomain.objects.get(locale=self.locale, slug=slug)
            )
            for slug in data.get("domains", [])
        ]
        return course

    @staticmethod
    def _micro_credential(data) -> dict:
        """The course's European micro-credential elements (decision 0032)."""
        fields = {
            "learning_outcomes": [
                ("outcome", text) for text in data.get("learning_outcomes", [])
            ]
        }
        if data.get("ects_credits") is not None:
            fields["ects_credits"] = Decimal(str(data["ects_credits"]))
        for name in MICRO_CREDENTIAL_VALUE_FIELDS:
            if name in data:
                fields[name] = data[name]
        return fields

    def _module(self, data) -> ModulePage:
        module = ModulePage(
            title=data["title"],
            introduction=data["introduction"],
            estimated_hours=Decimal(str(data["hours"])),
            is_required=data.get("required", True),
        )
        module.module_competencies = [
            ModuleCompetency(competency=self.competency(code))
            for code in data["competencies"]
        ]
        return module

    def _lesson(self, data) -> LessonPage:
        return LessonPage(
            title=data["title"],
            summary=data.get("summary", ""),
            estimated_minutes=data.get("minutes", 20),
            body=[self._block(*next(iter(b.items()))) for b in data["body"]],
        )

    def _competencies(self, codes):
        return [_item(self.competency(code).pk) for code in codes]

    def _block(self, kind: str, value):
        """One StreamField block from ``{kind: value}`` in a lesson's ``body``."""
        if kind == "document":
            value = {
                "document": self.document(value["file"], value["title"]).pk,
                "title": value["title"],
                "description": value.get("description", ""),
            }
        elif kind == "quiz":
            value = {
                "title": value.get("title", "Check yourself"),
                "intro": value.get("intro", ""),
                "pass_mark": value.get("pass_mark"),
                "max_attempts": value.get("max_attempts"),
                "wait_minutes": value.get("wait_minutes"),
                "feedback": value.get("feedback", "always"),
                "shuffle": value.get("shuffle", False),
                "competencies": self._competencies(value.get("competencies", [])),
                "questions": [
                    _item(
                        {
                            "question": question["question"],
                            "kind": "multiple" if question["multiple"] else "single",
                            "options": [
                                _item(
                                    {
                                        "text": option["text"],
                                        "is_correct": option["correct"],
                                        "feedback": option["feedback"],
                                    }
                                )
                                for option in question["options"]
                            ],
                        }
                    )
                    for question in value["questions"]
                ],
            }
        elif kind == "activity":
            value = {
                "title": value["title"],
                "kind": value["kind"],
                "instructions": value["instructions"],
                "evidence_kinds": value["evidence"],
                "max_files": value.get("max_files", FILES_DEFAULT),
                "keep_location": value.get("keep_location", False),
                "estimated_minutes": value.get("minutes"),
                "competencies": self._competencies(value["competencies"]),
            }
        elif kind not in ("text", "callout", "reflection"):
            raise ValueError(f"Unknown demo block kind {kind!r}")
        return {"type": kind, "value": value, "id": str(uuid.uuid4())}

    # -- people -----------------------------------------------------------
    def load_people(self):
        User = get_user_model()
        people = self.content["people"]
        for person in people:
            user, created = User.objects.get_or_create(
                username=person["username"],
                defaults={
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    "email": person["email"],
                },
            )
            if created:
                user.set_password(self.content["password"])
                user.is_superuser = user.is_staff = person["superuser"]
                user.save()
                profile_save(
                    user=user,
                    printed_name=person["printed_name"],
                    preferred_language=person["language"],
                )
                EmailAddress.objects.get_or_create(
                    user=user,
                    email=person["email"],
                    defaults={"verified": True, "primary": True},
                )
                self.created += 1
            if person["group"]:
                user.groups.add(Group.objects.get(name=person["group"]))
        self.report(f"People: {len(people)} demo accounts.")

    def load_cohorts(self, index):
        today = timezone.localdate()
        six_pm = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0)
        trainer = get_user_model().objects.get(username="trainer")
        for data in self.content["cohorts"]:
            cohort, created = Cohort.objects.get_or_create(
                course=CoursePage.objects.child_of(index).get(slug=data["course"]),
                name=data["name"],
                defaults={
                    "starts_on": today + timedelta(days=data["starts_in_days"]),
                    "ends_on": today + timedelta(days=data["ends_in_days"]),
                    "location": data["location"],
                    "partner": PartnerOrganisation.objects.get(
                        locale=self.locale, name=data["partner"]
                    ),
                    "capacity": data["capacity"],
                    "is_open": data["open"],
                    "requires_approval": data.get("requires_approval", False),
                },
            )
            if not created:
                continue
            cohort.trainers.add(trainer)
            cohort.save()  # ParentalManyToManyField changes are written on save
            for session in data["sessions"]:
                starts_at = six_pm + timedelta(days=session["in_days"])
                CohortSession.objects.create(
                    cohort=cohort,
                    title=session["title"],
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=session.get("hours", 2)),
                    location=session["location"],
                    address=session.get("address", ""),
                    map_url=session.get("map_url", ""),
                    what_to_bring=session.get("what_to_bring", ""),
                )
            self.created += 1
        self.report(f"Cohorts: {Cohort.objects.count()}, trained by the demo trainer.")

    def load_settings(self):
        academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
        if not academy.issuer_name:
            for field, value in self.content["settings"].items():
                setattr(academy, field, value)
            academy.save()
            for order, signatory in enumerate(self.content["signatories"]):
                Signatory.objects.create(
                    settings=academy, sort_order=order, **signatory
                )
        for data in self.content.get("certificate_templates", []):
            self._certificate_template(data)

    def _certificate_template(self, data) -> None:
        if CertificateTemplate.objects.filter(name=data["name"]).exists():
            return
        template = CertificateTemplate(
            name=data["name"],
            layout=data["layout"],
            primary_colour=data["primary_colour"],
            accent_colour=data["accent_colour"],
            title=data.get("title", ""),
        )
        template.titles = [
            CertificateTemplateTitle(language=language, text=text)
            for language, text in data.get("titles", {}).items()
        ]
        template.signatories = [
            CertificateTemplateSignatory(sort_order=order, **signatory)
            for order, signatory in enumerate(data.get("signatories", []))
        ]
        template.full_clean()
        template.save()
        self.created += 1

    def issue_certificates(self):
        """Courses whose trainers issue certificates themselves (closing events)."""
        for cohort in Cohort.objects.filter(
            course__certificate_auto_issue=False
        ).prefetch_related("trainers"):
            trainer = cohort.trainers.first()
            if trainer:
                cohort_issue_eligible(cohort=cohort, by=trainer)
        valid = Certificate.objects.with_status().filter(
            status_today=CertificateStatus.VALID
        )
        for certificate in valid:
            self.report(
                f"Certificate {certificate.display_code}: "
                f"{settings.ACADEMY_PUBLIC_BASE_URL}/verify/{certificate.code}/"
            )

    def run(self):
        with transaction.atomic():
            academy_roles_setup()
            self.report("Roles: Trainers and Editors groups, Trainer review workflow.")
            self.load_settings()
            self.load_framework()
            index = self.load_pages()
            self.load_people()
            self.load_cohorts(index)
            load_demo_progress(index=index, report=self.report)
            load_demo_queues(report=self.report)
        load_french(index_page=index, report=self.report)
        self.issue_certificates()
        self.index_pages()
        return self.created

    def index_pages(self):
        """Index every course, module and lesson again, in English and French:
        publishing indexed what this run created, but pages an earlier run
        made were indexed with the search fields of their day (decision 0040)."""
        for backend in get_search_backends(with_auto_update=True):
            for model in (CoursePage, ModulePage, LessonPage):
                backend.add_bulk(model, model.objects.all())
        self.report("Search index: courses, modules and lessons.")


def load_demo_academy(*, report: Report = print) -> int:
    """Create the demo academy; idempotent. Returns the number of objects created."""
    return DemoAcademyLoader(report=report).run()
