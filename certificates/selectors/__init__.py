"""Reads for certificates: snapshots, the PDF's inputs, verification facts.

The academy report's reads are in ``certificates/selectors/report.py``.
"""

import base64
import hashlib
import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone, translation
from wagtail.models import Locale, Site

from accounts.selectors import profile_for
from certificates import codes, openbadges
from certificates.badges import BadgeDesign
from certificates.models import (
    STATUS_LIST_SIZE,
    Certificate,
    CertificateStatus,
    StatusList,
)
from certificates.rendering import CertificateDocument
from certificates.sealing import check_seal
from cms.countries import country_name
from cms.i18n import locale_ids
from cms.models import AcademySettings
from courses.models import Competency, CoursePage
from courses.selectors import (
    cohort_progress,
    competency_profile,
    course_competencies,
    group_by_domain,
)

logger = logging.getLogger(__name__)


def _academy() -> AcademySettings:
    return AcademySettings.for_site(Site.objects.get(is_default_site=True))


def _localised(course: CoursePage, language: str) -> CoursePage:
    if course.locale.language_code == language:
        return course
    locale = Locale.objects.filter(language_code=language).first()
    translated = course.get_translation_or_none(locale) if locale else None
    return translated.specific if translated and translated.live else course


def _localised_competencies(ids, language: str) -> set[int]:
    """The same competencies in ``language`` where translated."""
    if not ids:
        return set()
    locale = Locale.objects.filter(language_code=language).first()
    originals = list(
        Competency.objects.filter(id__in=ids).values_list("id", "translation_key")
    )
    if locale is None:
        return set(ids)
    translated = dict(
        Competency.objects.filter(
            locale=locale, translation_key__in=[key for _id, key in originals]
        ).values_list("translation_key", "id")
    )
    return {translated.get(key, pk) for pk, key in originals}


def verify_url(code: str) -> str:
    return f"{settings.ACADEMY_PUBLIC_BASE_URL.rstrip('/')}/verify/{code}/"


def certificate_snapshot(
    *, learner, course, cohort, competency_ids
) -> tuple[dict, str]:
    """Everything a certificate states, frozen now, in the learner's language."""
    profile = profile_for(user=learner)
    language = profile.preferred_language
    academy = _academy()
    shown = _localised(course, language)
    groups = competency_profile(
        competency_ids=_localised_competencies(competency_ids, language)
    )
    today = timezone.localdate()
    # The language each text is in: a course or competency not translated into
    # the learner's language is stated in its original one.
    languages = {pk: code for code, pk in locale_ids().items()}
    return (
        {
            "name": profile.printed_name,
            "course": {
                "title": shown.title,
                "url": course.full_url or "",
                "language": languages.get(shown.locale_id, ""),
            },
            "competencies": [
                {
                    "domain": group.domain.name,
                    "domain_alignment_url": group.domain.alignment_url,
                    "language": languages.get(group.domain.locale_id, ""),
                    "items": [
                        {
                            "language": languages.get(c.locale_id, ""),
                            "code": c.code,
                            "name": c.name,
                            "alignment_url": c.alignment_url,
                        }
                        for c in group.demonstrated
                    ],
                }
                for group in groups
            ],
            "hours": format(course.effort_hours.normalize(), "f"),
            "cohort": cohort.name if cohort else "",
            "partner": cohort.partner.name if cohort and cohort.partner else "",
            "issued_on": today.isoformat(),
            "issuer": {
                "name": academy.issuer_name or academy.academy_name,
                "url": academy.issuer_url,
                "country": academy.issuer_country,
            },
            "micro_credential": micro_credential_snapshot(
                course=shown, academy=academy, language=language
            ),
            "academy": {
                "name": academy.academy_name,
                "primary_colour": academy.primary_colour,
                "accent_colour": academy.accent_colour,
            },
            "signatories": [
                {"name": s.name, "role": s.role} for s in academy.signatories.all()
            ],
            "language": language,
        },
        language,
    )


def _decimal_text(value) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def micro_credential_snapshot(*, course, academy, language: str) -> dict:
    """The European micro-credential elements of a course as a certificate
    states them (Council Recommendation 2022/C 243/02, Annex I), in
    ``language``: codes for machines, labels as printed. Frozen in the
    snapshot, so editing the course never changes an issued certificate.

    The learner, title, date, hours and competencies are in the snapshot
    already; a field the trainer left empty is "" (not stated).
    """
    with translation.override(language):
        country = course.awarding_body_country or academy.issuer_country
        return {
            "learning_outcomes": [
                str(block.value)
                for block in course.learning_outcomes
                if block.block_type == "outcome" and str(block.value).strip()
            ],
            "ects": _decimal_text(course.ects_credits),
            "eqf_level": course.eqf_level,
            "eqf_level_label": str(course.get_eqf_level_display()),
            "assessment_type": course.assessment_type,
            "assessment_type_label": str(course.get_assessment_type_display()),
            "assessment_description": course.assessment_description,
            "participation": course.delivery_mode,
            "participation_label": str(course.get_delivery_mode_display()),
            "supervision": course.assessment_supervision,
            "supervision_label": str(course.get_assessment_supervision_display()),
            "identity_checked": course.assessment_identity_checked,
            "quality_assurance": course.quality_assurance,
            "quality_assurance_url": course.quality_assurance_url,
            "awarding_body": course.awarding_body
            or academy.issuer_name
            or academy.academy_name,
            "awarding_body_country": country,
            "awarding_body_country_label": country_name(country),
            "prerequisites": course.prerequisites,
            "stackability": course.stackability,
        }


def _date_display(value, language):
    if not value:
        return ""
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _image_data_uri(image) -> str:
    """An uploaded image inlined for the PDF renderer (which does no I/O itself)."""
    with image.file.open("rb") as handle:
        data = handle.read()
    mime = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


ASSET_PREFIX = "certificates/assets/"


def _image_bytes(image) -> tuple[bytes, str] | None:
    if image is None:
        return None
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except OSError:  # the file is gone from storage: print no image
        logger.warning("Image %s has no file; left off the certificate", image.pk)
        return None
    if data[:4] == b"\x89PNG":
        return data, "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return data, "image/jpeg"
    return None  # only PNG and JPEG are offered (cms.models.WRONG_IMAGE_TYPE)


def certificate_design(*, template, language: str) -> tuple[dict, dict[str, bytes]]:
    """The design a certificate is issued with, as the snapshot keeps it, and
    the bytes of its images by SHA-256.

    ``template`` is a ``cms.CertificateTemplate`` (possibly unsaved: the admin
    preview) or None for the academy's design. Images are referred to by the
    digest of their bytes, which the issuing service copies to storage
    (decision 0035): deleting or replacing an image never changes an issued
    certificate. ``template.version`` is a digest of everything the template
    prints, in every language, so two certificates with the same version look
    the same.
    """
    academy = _academy()
    blobs: dict[str, bytes] = {}

    def image(img) -> dict | None:
        found = _image_bytes(img)
        if found is None:
            return None
        data, mime = found
        digest = hashlib.sha256(data).hexdigest()
        blobs[digest] = data
        return {"sha256": digest, "mime": mime}

    def signatories(people) -> list[dict]:
        return [
            {"name": s.name, "role": s.role, "signature": image(s.signature)}
            for s in people
        ]

    academy_signatories = list(academy.signatories.select_related("signature"))
    if template is None:
        return (
            {
                "template": None,
                "layout": "classic",
                "primary_colour": academy.primary_colour,
                "accent_colour": academy.accent_colour,
                "title": "",
                "logo": image(academy.logo),
                "partner_logo": None,
                "background": None,
                "signatories": signatories(academy_signatories),
            },
            blobs,
        )
    own = list(template.signatories.all())
    design = {
        "layout": template.layout,
        "primary_colour": template.primary_colour,
        "accent_colour": template.accent_colour,
        "title": template.title_in(language),
        "logo": image(template.logo or academy.logo),
        "partner_logo": image(template.partner_logo),
        "background": image(template.background_image),
        "signatories": signatories(own or academy_signatories),
    }
    everything = {
        **design,
        "title": template.title,
        "titles": sorted((t.language, t.text) for t in template.titles.all()),
    }
    version = hashlib.sha256(
        json.dumps(everything, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:12]
    design["template"] = {"id": template.pk, "name": template.name, "version": version}
    return design, blobs


def certificate_asset(digest: str) -> bytes | None:
    """An image a certificate's snapshot refers to, from the copies in storage."""
    name = f"{ASSET_PREFIX}{digest}"
    try:
        with storages["private"].open(name, "rb") as handle:
            return handle.read()
    except (OSError, FileNotFoundError):
        logger.warning("Certificate image %s is missing from storage", digest)
        return None


def _asset_uri(reference, blobs=None) -> str:
    if not reference:
        return ""
    digest = reference["sha256"]
    data = (blobs or {}).get(digest) or certificate_asset(digest)
    if data is None:
        return ""
    return f"data:{reference['mime']};base64,{base64.b64encode(data).decode()}"


def design_images(design: dict, blobs=None) -> dict:
    """The renderer's image inputs for a snapshot's design (data URIs)."""
    return {
        "logo_data_uri": _asset_uri(design.get("logo"), blobs),
        "partner_logo_data_uri": _asset_uri(design.get("partner_logo"), blobs),
        "background_data_uri": _asset_uri(design.get("background"), blobs),
        "signature_data_uris": tuple(
            _asset_uri(s.get("signature"), blobs) for s in design["signatories"]
        ),
    }


def certificate_document(*, certificate: Certificate):
    """The pure renderer's input for a certificate (images loaded here, not
    there). A certificate issued before templates (no ``design`` in its
    snapshot) prints the academy's current logo and signatures, as it did."""
    snapshot = dict(certificate.snapshot)
    snapshot["issued_on_display"] = _date_display(
        certificate.issued_at.date(), certificate.language
    )
    snapshot["expires_on"] = (
        certificate.expires_on.isoformat() if certificate.expires_on else ""
    )
    snapshot["expires_on_display"] = _date_display(
        certificate.expires_on, certificate.language
    )
    if snapshot.get("design"):
        images = design_images(snapshot["design"])
    else:
        academy = _academy()
        images = {
            "logo_data_uri": _image_data_uri(academy.logo) if academy.logo_id else "",
            "signature_data_uris": tuple(
                _image_data_uri(s.signature) if s.signature_id else ""
                for s in academy.signatories.select_related("signature")
            ),
        }
    return CertificateDocument(
        snapshot=snapshot,
        code_display=codes.display(certificate.code),
        verify_url=verify_url(certificate.code),
        language=certificate.language,
        **images,
    )


@dataclass(frozen=True)
class Verification:
    """What the public may know about a code: status and the printed claims."""

    code: str
    found: bool
    status: str = ""
    certificate: Certificate | None = None
    name: str = ""
    replaced_by: str = ""  # the valid certificate that replaces a revoked one

    @property
    def replaced_by_display(self):
        return codes.display(self.replaced_by) if self.replaced_by else ""

    @property
    def display_code(self):
        return codes.display(self.code)

    @property
    def status_label(self):
        return CertificateStatus(self.status).label if self.status else ""


def verify(code_text: str) -> Verification:
    """Look a typed or scanned code up; never raises for a bad code."""
    code = codes.normalise(code_text)
    if not codes.is_well_formed(code):
        return Verification(code=code, found=False)
    certificate = (
        Certificate.objects.filter(code=code)
        .select_related("learner__profile", "course")
        .first()
    )
    return _verification(code, certificate)


def verify_many(code_texts: list[str]) -> list[Verification]:
    """``verify`` for many codes at once, in their order, with one query for
    all of them (and one per revoked certificate, for its replacement)."""
    wanted = [codes.normalise(text) for text in code_texts]
    well_formed = {code for code in wanted if codes.is_well_formed(code)}
    found = {
        certificate.code: certificate
        for certificate in Certificate.objects.filter(
            code__in=well_formed
        ).select_related("learner__profile", "course")
    }
    return [_verification(code, found.get(code)) for code in wanted]


def _verification(code: str, certificate: Certificate | None) -> Verification:
    if certificate is None:
        return Verification(code=code, found=False)
    status = certificate.status
    name = ""
    if status != CertificateStatus.WITHDRAWN and certificate.learner_id:
        profile = getattr(certificate.learner, "profile", None)
        if profile and profile.name_public:
            name = certificate.snapshot.get("name", "")
    replaced_by = ""
    if status == CertificateStatus.REVOKED and certificate.replacement:
        replaced_by = certificate.replacement.code
    return Verification(
        code=code,
        found=True,
        status=status,
        certificate=certificate,
        name=name,
        replaced_by=replaced_by,
    )


def bulk_status(result: Verification) -> str:
    """A status for every line of a bulk check: the certificate's, or
    "unknown" (a well-formed code nobody holds), or "malformed" (not a code)."""
    if result.found:
        return result.status
    return "unknown" if codes.is_well_formed(result.code) else "malformed"


class PdfVerdict(models.TextChoices):
    """What "Check a PDF" concludes about an uploaded file."""

    ISSUED = "issued"  # byte for byte a file we issued: the certificate's status
    CHANGED_AFTER_SEAL = "changed_after_seal"  # our seal, then an update after it
    ALTERED = "altered"  # our seal, broken
    SEALED_UNKNOWN = "sealed_unknown"  # our seal, intact, but not a file we hold
    NOT_OURS = "not_ours"  # no valid academy seal


def pdf_verdict(*, data: bytes) -> tuple[str, Verification | None]:
    """Check an uploaded PDF. A file we issued is judged by its certificate's
    status (a revoked, expired or withdrawn certificate is never "valid"); a
    file whose seal is intact but which was changed afterwards (an incremental
    update) is "changed after it was sealed", not "unsealed"."""
    issued = (
        Certificate.objects.filter(pdf_sha256=hashlib.sha256(data).hexdigest())
        .values_list("code", flat=True)
        .first()
    )
    if issued:
        return PdfVerdict.ISSUED, verify(issued)
    seal = check_seal(data)
    if seal.ok:
        return PdfVerdict.SEALED_UNKNOWN, None
    if seal.signed and seal.intact and seal.trusted:
        return PdfVerdict.CHANGED_AFTER_SEAL, None
    if seal.signed and not seal.intact:
        return PdfVerdict.ALTERED, None
    return PdfVerdict.NOT_OURS, None


def verification_facts(result: Verification) -> dict:
    """The JSON answer for the API: the same facts as the public page."""
    if not result.found:
        return {"code": result.display_code, "status": "unknown"}
    certificate = result.certificate
    snapshot = certificate.snapshot
    facts = {
        "code": result.display_code,
        "status": result.status,
        "verify_url": verify_url(certificate.code),
    }
    if result.status == CertificateStatus.WITHDRAWN:
        return facts
    facts.update(
        {
            "name": result.name or None,
            "course": snapshot["course"]["title"],
            "competencies": snapshot["competencies"],
            "hours": snapshot["hours"],
            "cohort": snapshot.get("cohort") or None,
            "partner": snapshot.get("partner") or None,
            "issued_on": certificate.issued_at.date().isoformat(),
            "expires_on": certificate.expires_on.isoformat()
            if certificate.expires_on
            else None,
            "issuer": snapshot["issuer"],
            "micro_credential": snapshot.get("micro_credential") or None,
        }
    )
    if result.status == CertificateStatus.REVOKED:
        facts["revoked_on"] = certificate.revoked_at.date().isoformat()
        facts["revocation_reason"] = certificate.revoked_reason
        if result.replaced_by:
            facts["replaced_by"] = verify_url(result.replaced_by)
    return facts


@dataclass(frozen=True)
class CertificateRow:
    """A learner of a cohort, their progress and their latest certificate."""

    enrolment: object  # courses.models.Enrolment
    progress: object  # courses.selectors.CourseProgress
    certificate: Certificate | None


def cohort_certificate_rows(*, cohort) -> list[CertificateRow]:
    """Every active learner of the cohort with their latest certificate for its
    course (withdrawn ones included: they say what happened)."""
    rows = cohort_progress(cohort=cohort)["rows"]
    latest = {}
    for certificate in Certificate.objects.filter(
        course=cohort.course, learner_id__in=[r.enrolment.learner_id for r in rows]
    ).order_by("issued_at"):
        latest[certificate.learner_id] = certificate  # the latest wins
    return [
        CertificateRow(
            row.enrolment, row.progress, latest.get(row.enrolment.learner_id)
        )
        for row in rows
    ]


def learner_certificates(*, learner):
    return list(
        Certificate.objects.filter(learner=learner)
        .select_related("course")
        .order_by("-issued_at")
    )


def issuer_identity() -> dict:
    academy = _academy()
    return {
        "name": academy.issuer_name or academy.academy_name,
        "url": academy.issuer_url,
        "email": academy.contact_email,
        "country": academy.issuer_country,
    }


def issuer_profile() -> dict:
    return openbadges.issuer_profile(**issuer_identity())


def badge_alignments(certificate: Certificate) -> list[dict]:
    """The competencies a certificate names, as Open Badges alignments."""
    codes_in_snapshot = {
        item["code"]
        for group in certificate.snapshot["competencies"]
        for item in group["items"]
    }
    competencies = Competency.objects.filter(
        code__in=codes_in_snapshot, locale__language_code=certificate.language
    ).select_related("domain") or Competency.objects.filter(code__in=codes_in_snapshot)
    return competency_alignments(competencies)


def competency_alignments(competencies) -> list[dict]:
    """Competencies (with their domains) as Open Badges alignments, once each."""
    base = settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/")
    alignments = []
    seen = set()
    for competency in competencies:
        if competency.code in seen:
            continue
        seen.add(competency.code)
        domain_page = f"{base}/courses/domains/{competency.domain.slug}/"
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": competency.name,
                "targetDescription": competency.description or competency.name,
                "targetCode": competency.code,
                "targetFramework": competency.domain.name,
                "targetUrl": competency.alignment_url
                or competency.domain.alignment_url
                or f"{domain_page}#{competency.code}",
            }
        )
    return alignments


@dataclass(frozen=True)
class AchievementFacts:
    course: CoursePage
    competencies: list
    document: dict  # the OB 3.0 Achievement


def course_achievement(*, key, language: str) -> AchievementFacts | None:
    """A course's achievement (its translation ``key``), in ``language`` where
    the course has that version, else in its original one; None if no live
    version exists."""
    versions = list(
        CoursePage.objects.live()
        .public()
        .filter(translation_key=key)
        .select_related("locale")
    )
    if not versions:
        return None
    course = next(
        (v for v in versions if v.locale.language_code == language),
        next((v for v in versions if v.alias_of_id is None), versions[0]),
    )
    competencies = course_competencies(course=course)
    return AchievementFacts(
        course=course,
        competencies=competencies,
        document=openbadges.build_achievement(
            key=key,
            name=course.title,
            description=course.summary or course.title,
            alignments=competency_alignments(competencies),
        ),
    )


STATUS_LIST_CACHE_KEY = "certificates:status-list:revocation"


def revocation_status_list(number: int = 0) -> dict | None:
    """Status list ``number``, signed: revoked and withdrawn bits set.

    None for a list that was never opened (list 0 always answers). Every
    list's document is cached under one key, so deleting that key refreshes
    them all.
    """
    cached = cache.get(STATUS_LIST_CACHE_KEY) or {}
    if number in cached:
        return cached[number]
    status_list = StatusList.objects.filter(number=number).first()
    if status_list is None and number != 0:
        return None
    indexes = Certificate.objects.filter(
        Q(revoked_at__isnull=False) | Q(withdrawn_at__isnull=False),
        status_list=number,
    ).values_list("status_index", flat=True)
    document = openbadges.sign(
        openbadges.build_status_list(
            revoked_indexes=list(indexes),
            size=max(status_list.size if status_list else 0, STATUS_LIST_SIZE),
            issuer=issuer_identity(),
            valid_from=timezone.now(),
            number=number,
        ),
        openbadges.issuer_key(),
        verification_method=openbadges.verification_method(),
    )
    cache.set(STATUS_LIST_CACHE_KEY, {**cached, number: document}, timeout=300)
    return document


# The admin's preview of a certificate template: a sample certificate in each
# interface language, with names in Latin (with diacritics), Greek and Cyrillic.
SAMPLE_CERTIFICATES = {
    "en": {
        "name": "Мария Иванова-Smith",
        "course": "Monitoring urban air quality",
        "domain": "Coding and analysing data",
        "competency": "Clean and check a shared data set",
        "date": "1 October 2026",
    },
    "fr": {
        "name": "Éloïse Lefèvre-Dąbrowska",
        "course": "Surveillance de la qualité de l'air en ville",
        "domain": "Coder et analyser des données",
        "competency": "Nettoyer et vérifier un jeu de données partagé",
        "date": "1 octobre 2026",
    },
    "lt": {
        "name": "Šarūnė Žemaitytė",
        "course": "Miesto oro kokybės stebėsena",
        "domain": "Duomenų kodavimas ir analizė",
        "competency": "Išvalyti ir patikrinti bendrą duomenų rinkinį",
        "date": "2026 m. spalio 1 d.",
    },
    "el": {
        "name": "Ελένη Παπαδοπούλου",
        "course": "Παρακολούθηση της ποιότητας του αέρα στην πόλη",
        "domain": "Κωδικοποίηση και ανάλυση δεδομένων",
        "competency": "Καθαρισμός και έλεγχος κοινόχρηστων δεδομένων",
        "date": "1 Οκτωβρίου 2026",
    },
}
SAMPLE_CODE = "SAMP-LE00-0000-0000-0000-0000-00"


def certificate_template_sample(*, template, language: str) -> CertificateDocument:
    """A sample certificate with ``template`` (saved or not) in ``language``:
    the same renderer, layout and print CSS as an issued one."""
    if language not in SAMPLE_CERTIFICATES:
        language = settings.LANGUAGE_CODE
    sample = SAMPLE_CERTIFICATES[language]
    academy = _academy()
    design, blobs = certificate_design(template=template, language=language)
    with translation.override(language):
        micro = {
            "learning_outcomes": [sample["competency"]],
            "ects": "1",
            "eqf_level_label": "4",
            "assessment_type_label": "—",
            "supervision_label": "—",
            "identity_checked": False,
            "participation_label": "—",
            "awarding_body": academy.issuer_name or academy.academy_name,
            "awarding_body_country_label": country_name(academy.issuer_country),
            "quality_assurance": "",
        }
    snapshot = {
        "name": sample["name"],
        "course": {"title": sample["course"], "url": ""},
        "competencies": [
            {
                "domain": sample["domain"],
                "items": [{"code": "CD-1", "name": sample["competency"]}],
            }
        ],
        "hours": "24",
        "cohort": "",
        "partner": "",
        "issued_on": "2026-10-01",
        "issued_on_display": sample["date"],
        "expires_on": "",
        "expires_on_display": "",
        "issuer": {
            "name": academy.issuer_name or academy.academy_name,
            "url": academy.issuer_url,
        },
        "micro_credential": micro,
        "academy": {
            "name": academy.academy_name,
            "primary_colour": design["primary_colour"],
            "accent_colour": design["accent_colour"],
        },
        "signatories": [
            {"name": s["name"], "role": s["role"]} for s in design["signatories"]
        ],
        "design": design,
        "language": language,
    }
    return CertificateDocument(
        snapshot=snapshot,
        code_display=SAMPLE_CODE,
        verify_url=verify_url(SAMPLE_CODE.replace("-", "")),
        language=language,
        **design_images(design, blobs),
    )


def _badge_colours() -> tuple[str, str, str]:
    """The academy's name and colours, as badges are drawn with them."""
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    return academy.academy_name, academy.primary_colour, academy.accent_colour


def course_badge_design(*, key) -> "BadgeDesign | None":
    """The badge of a course (its translation ``key``), as its original
    language version names it and its domains, in its certificate template's
    colours or the academy's; None if no live version."""
    versions = list(
        CoursePage.objects.live().public().filter(translation_key=key).order_by("pk")
    )
    if not versions:
        return None
    course = next((v for v in versions if v.alias_of_id is None), versions[0])
    domains = [
        group.domain.name
        for group in group_by_domain(course_competencies(course=course))
    ]
    name, primary, accent = _badge_colours()
    template = course.certificate_template
    if template is not None:  # the course's certificate design (decision 0035)
        primary, accent = template.primary_colour, template.accent_colour
    return BadgeDesign(
        title=course.title,
        academy=name,
        primary=primary,
        accent=accent,
        domains=tuple(domains),
    )


def certificate_badge_design(certificate: Certificate) -> BadgeDesign:
    """The badge as the certificate states it: the course title and domains of
    its snapshot (the holder's language), in the colours of its design."""
    snapshot = certificate.snapshot
    name, primary, accent = _badge_colours()
    design = snapshot.get("design")
    if design:  # the colours the certificate was issued in
        primary, accent = design["primary_colour"], design["accent_colour"]
    return BadgeDesign(
        title=snapshot["course"]["title"],
        academy=name,
        primary=primary,
        accent=accent,
        domains=tuple(group["domain"] for group in snapshot.get("competencies", [])),
    )
