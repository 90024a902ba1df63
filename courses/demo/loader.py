"""Build the demo academy from ``courses/demo/content.py``.

Idempotent: every object is looked up by a natural key (slug, code, username)
and created only when missing, so running the loader again changes nothing and
never overwrites what trainers have edited.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Site

from accounts.services import profile_save
from cms.models import AcademySettings, HomePage, Signatory
from cms.services import academy_roles_setup
from courses.demo import content
from courses.models import (
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

Report = Callable[[str], None]


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


class DemoAcademyLoader:
    def __init__(self, *, report: Report = print):
        self.report = report
        self.created = 0
        self.locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    # -- framework ------------------------------------------------------
    def competency(self, code: str) -> Competency:
        return Competency.objects.get(locale=self.locale, code=code)

    def load_framework(self):
        for order, (slug, name, description, competencies) in enumerate(
            content.COURSE_SPECIFIC_DOMAINS
        ):
            domain, created = CompetencyDomain.objects.get_or_create(
                locale=self.locale,
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "kind": "course",
                    "sort_order": 100 + order * 10,
                },
            )
            if created:
                domain.save_revision()
                self.created += 1
            for position, (code, comp_name, comp_description) in enumerate(
                competencies
            ):
                competency, created = Competency.objects.get_or_create(
                    locale=self.locale,
                    code=code,
                    defaults={
                        "name": comp_name,
                        "description": comp_description,
                        "domain": domain,
                        "sort_order": (position + 1) * 10,
                    },
                )
                if created:
                    competency.save_revision()
                    self.created += 1
        for name, website, description in content.PARTNERS:
            partner, created = PartnerOrganisation.objects.get_or_create(
                locale=self.locale,
                name=name,
                defaults={"website": website, "description": description},
            )
            if created:
                partner.save_revision()
                self.created += 1
        self.report(
            f"Competency framework: {CompetencyDomain.objects.count()} domains, "
            f"{Competency.objects.count()} competencies, "
            f"{PartnerOrganisation.objects.count()} partners."
        )

    def document(self, filename: str, title: str):
        """A downloadable resource, created once from ``content.DEMO_FILES``."""
        Document = get_document_model()
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title)
        document.file.save(
            filename, ContentFile(content.DEMO_FILES[filename].encode()), save=False
        )
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
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if home.intro != content.HOME["intro"] and not home.has_unpublished_changes:
            home.title = content.HOME["title"]
            home.intro = content.HOME["intro"]
            home.save_revision().publish()
        return home

    def load_pages(self):
        home = self.home()
        index, _ = self._child(
            home,
            CourseIndexPage,
            "courses",
            lambda: CourseIndexPage(
                title=content.COURSE_INDEX["title"], intro=content.COURSE_INDEX["intro"]
            ),
        )
        total = len(content.COURSES)
        for number, data in enumerate(content.COURSES, start=1):
            course, created = self._child(
                index, CoursePage, data["slug"], lambda data=data: self._course(data)
            )
            self.report(
                f"Course {number}/{total}: {data['title']}"
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
        )
        course.partners = [
            CoursePartner(
                partner=PartnerOrganisation.objects.get(locale=self.locale, name=name)
            )
            for name in data.get("partners", [])
        ]
        course.course_domains = [
            CourseDomain(
                domain=CompetencyDomain.objects.get(locale=self.locale, slug=slug)
            )
            for slug in data.get("domains", [])
        ]
        return course

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
            body=[self._block(kind, value) for kind, value in data["body"]],
        )

    def _block(self, kind: str, value):
        block_id = str(uuid.uuid4())
        if kind == "text":
            return {"type": "text", "value": value, "id": block_id}
        if kind == "callout":
            return {"type": "callout", "value": value, "id": block_id}
        if kind == "reflection":
            return {"type": "reflection", "value": value, "id": block_id}
        if kind == "document":
            return {
                "type": "document",
                "id": block_id,
                "value": {
                    "document": self.document(value["file"], value["title"]).pk,
                    "title": value["title"],
                    "description": value.get("description", ""),
                },
            }
        if kind == "quiz":
            return {
                "type": "quiz",
                "id": block_id,
                "value": {
                    "title": value.get("title", "Check yourself"),
                    "intro": value.get("intro", ""),
                    "pass_mark": value.get("pass_mark"),
                    "competencies": [
                        _item(self.competency(code).pk)
                        for code in value.get("competencies", [])
                    ],
                    "questions": [
                        _item(
                            {
                                "question": question,
                                "kind": "multiple" if multiple else "single",
                                "options": [
                                    _item(
                                        {
                                            "text": text,
                                            "is_correct": correct,
                                            "feedback": feedback,
                                        }
                                    )
                                    for text, correct, feedback in options
                                ],
                            }
                        )
                        for question, multiple, options in value["questions"]
                    ],
                },
            }
        if kind == "activity":
            return {
                "type": "activity",
                "id": block_id,
                "value": {
                    "title": value["title"],
                    "kind": value["kind"],
                    "instructions": value["instructions"],
                    "evidence_kinds": value["evidence"],
                    "estimated_minutes": value.get("minutes"),
                    "competencies": [
                        _item(self.competency(code).pk)
                        for code in value["competencies"]
                    ],
                },
            }
        raise ValueError(f"Unknown demo block kind {kind!r}")

    # -- people -----------------------------------------------------------
    def load_people(self):
        User = get_user_model()
        for (
            username,
            first,
            last,
            email,
            group_name,
            is_superuser,
            printed,
            language,
        ) in content.PEOPLE:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": email},
            )
            if created:
                user.set_password(content.DEMO_PASSWORD)
                user.is_superuser = is_superuser
                user.is_staff = is_superuser
                user.save()
                profile_save(
                    user=user, printed_name=printed, preferred_language=language
                )
                EmailAddress.objects.get_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                self.created += 1
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        self.report(f"People: {len(content.PEOPLE)} demo accounts.")

    def load_cohorts(self, index):
        today = timezone.localdate()
        trainer = get_user_model().objects.get(username="trainer")
        for (
            slug,
            name,
            start,
            end,
            place,
            partner,
            capacity,
            is_open,
            sessions,
        ) in content.COHORTS:
            course = CoursePage.objects.child_of(index).get(slug=slug)
            cohort, created = Cohort.objects.get_or_create(
                course=course,
                name=name,
                defaults={
                    "starts_on": today + timedelta(days=start),
                    "ends_on": today + timedelta(days=end),
                    "location": place,
                    "partner": PartnerOrganisation.objects.get(
                        locale=self.locale, name=partner
                    ),
                    "capacity": capacity,
                    "is_open": is_open,
                },
            )
            if not created:
                continue
            cohort.trainers.add(trainer)
            cohort.save()  # ParentalManyToManyField changes are written on save
            for title, days, session_place in sessions:
                CohortSession.objects.create(
                    cohort=cohort,
                    title=title,
                    starts_at=timezone.now().replace(
                        hour=18, minute=0, second=0, microsecond=0
                    )
                    + timedelta(days=days),
                    location=session_place,
                )
            self.created += 1
        self.report(f"Cohorts: {Cohort.objects.count()}, trained by the demo trainer.")

    def load_progress(self, index):
        """Some learners part-way through, so dashboards and queues have content."""
        from courses.demo.progress import load_demo_progress

        load_demo_progress(index=index, report=self.report)

    def load_settings(self):
        site = Site.objects.get(is_default_site=True)
        academy = AcademySettings.for_site(site)
        if not academy.issuer_name:
            for field, value in content.ACADEMY_SETTINGS.items():
                setattr(academy, field, value)
            academy.save()
            for order, (name, role) in enumerate(content.SIGNATORIES):
                Signatory.objects.create(
                    settings=academy, name=name, role=role, sort_order=order
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
            self.load_progress(index)
        from courses.demo.translations import load_french

        load_french(index_page=index, report=self.report)
        if apps.is_installed("certificates"):
            from certificates.models import Certificate, CertificateStatus
            from certificates.services import cohort_issue_eligible

            # Courses whose trainers issue certificates themselves (closing events).
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
        return self.created


def load_demo_academy(*, report: Report = print) -> int:
    """Create the demo academy; idempotent. Returns the number of objects created."""
    return DemoAcademyLoader(report=report).run()
