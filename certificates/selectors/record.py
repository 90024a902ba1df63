"""The learner's record: every certificate they hold and what it certifies.

A transcript across courses (decision 0042): the certificates that are valid or
expired (revoked and withdrawn ones are not credentials and are left out), and
the competencies those certificates state, merged by domain, each with the
certificates that certify it. Everything comes from the certificates' frozen
snapshots, so the record says exactly what the certificates say, in the
language each was issued in; a status is always today's.
"""

import functools
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone

from accounts.selectors import profile_for
from certificates import codes
from certificates.models import Certificate, CertificateStatus, RecordLink
from certificates.rendering import RECORD_TEMPLATE, RecordDocument
from certificates.selectors import _academy, _image_data_uri, verify_url
from courses.choices import EQFLevel

LISTED = (CertificateStatus.VALID, CertificateStatus.EXPIRED)


@dataclass(frozen=True)
class RecordCertificate:
    code: str
    course: str
    language: str
    status: str
    issued_on: object  # date
    expires_on: object  # date | None
    hours: str
    ects: str
    eqf_level: str
    eqf_level_label: str
    issuer: str
    issuer_country: str

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def verify_url(self) -> str:
        return verify_url(self.code)

    @property
    def status_label(self):
        return CertificateStatus(self.status).label

    @property
    def hours_number(self) -> Decimal | None:
        """For display: a number is written the reader's way (0,5 in French)."""
        return snapshot_number(self.hours)

    @property
    def ects_number(self) -> Decimal | None:
        return snapshot_number(self.ects)

    @property
    def eqf_level_display(self):
        """The level in the reader's language (the snapshot's label is in the
        certificate's)."""
        if self.eqf_level in EQFLevel.values:
            return EQFLevel(self.eqf_level).label
        return self.eqf_level_label


@dataclass(frozen=True)
class RecordCompetency:
    code: str
    name: str
    alignment_url: str
    language: str
    certified_by: tuple[str, ...]  # certificate codes
    sources: tuple[tuple[str, str], ...]  # their courses: (title, language)
    current: bool  # at least one of them is valid today


@dataclass(frozen=True)
class RecordDomain:
    name: str
    alignment_url: str
    language: str
    competencies: tuple[RecordCompetency, ...]


@dataclass(frozen=True)
class LearnerRecord:
    name: str
    as_of: object  # date
    certificates: tuple[RecordCertificate, ...]
    domains: tuple[RecordDomain, ...]
    link_url: str = ""

    @property
    def valid_count(self) -> int:
        return sum(1 for c in self.certificates if c.status == CertificateStatus.VALID)

    @property
    def competency_count(self) -> int:
        return sum(len(domain.competencies) for domain in self.domains)

    @property
    def total_hours(self) -> str:
        return _sum(c.hours for c in self.certificates)

    @property
    def total_ects(self) -> str:
        return _sum(c.ects for c in self.certificates)

    @property
    def total_hours_number(self) -> Decimal | None:
        return snapshot_number(self.total_hours)

    @property
    def total_ects_number(self) -> Decimal | None:
        return snapshot_number(self.total_ects)

    def as_json(self) -> dict:
        """The record for the API: the same facts as the page and the PDF."""
        return {
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "url": self.link_url or None,
            "totals": {
                "certificates": len(self.certificates),
                "valid": self.valid_count,
                "competencies": self.competency_count,
                "hours": self.total_hours or None,
                "ects": self.total_ects or None,
            },
            "certificates": [
                {
                    "code": c.display_code,
                    "course": c.course,
                    "language": c.language or None,
                    "status": c.status,
                    "issued_on": c.issued_on.isoformat(),
                    "expires_on": c.expires_on.isoformat() if c.expires_on else None,
                    "hours": c.hours,
                    "ects": c.ects or None,
                    "eqf_level": c.eqf_level or None,
                    "issuer": c.issuer,
                    "issuer_country": c.issuer_country or None,
                    "verify_url": c.verify_url,
                }
                for c in self.certificates
            ],
            "competencies": [
                {
                    "domain": d.name,
                    "alignment_url": d.alignment_url or None,
                    "language": d.language or None,
                    "items": [
                        {
                            "code": item.code,
                            "name": item.name,
                            "alignment_url": item.alignment_url or None,
                            "language": item.language or None,
                            "current": item.current,
                            "certified_by": [
                                codes.display(code) for code in item.certified_by
                            ],
                        }
                        for item in d.competencies
                    ],
                }
                for d in self.domains
            ],
        }


def snapshot_number(text: str) -> Decimal | None:
    """A number a snapshot keeps as text, as a number a template writes the
    reader's way: ``"20"`` → 20, ``"0.50"`` → 0.5 (never 2E+1; 0,5 in French)."""
    try:
        value = Decimal(text) if text else None
    except InvalidOperation:
        return None
    if value is None:
        return None
    return (
        value.quantize(Decimal(1))
        if value == value.to_integral()
        else value.normalize()
    )


def _sum(values) -> str:
    total = Decimal(0)
    for value in values:
        try:
            total += Decimal(value or 0)
        except InvalidOperation:
            continue
    return format(total.normalize(), "f") if total else ""


def _certificate(certificate: Certificate, status: str) -> RecordCertificate:
    snapshot = certificate.snapshot
    micro = snapshot.get("micro_credential") or {}
    return RecordCertificate(
        code=certificate.code,
        course=snapshot["course"]["title"],
        language=snapshot["course"].get("language", ""),
        status=status,
        issued_on=certificate.issued_at.date(),
        expires_on=certificate.expires_on,
        hours=snapshot.get("hours") or "",
        ects=micro.get("ects") or "",
        eqf_level=micro.get("eqf_level") or "",
        eqf_level_label=micro.get("eqf_level_label") or "",
        issuer=micro.get("awarding_body") or snapshot["issuer"]["name"],
        issuer_country=micro.get("awarding_body_country")
        or snapshot["issuer"].get("country", ""),
    )


def _domains(certificates, statuses) -> tuple[RecordDomain, ...]:
    """The snapshots' competencies merged by domain (in the order they first
    appear, oldest certificate first), each with the certificates stating it."""
    domains: dict[str, dict] = {}
    for certificate in sorted(certificates, key=lambda c: (c.issued_at, c.pk)):
        for group in certificate.snapshot.get("competencies") or []:
            domain = domains.setdefault(
                group["domain"],
                {
                    "alignment_url": group.get("domain_alignment_url") or "",
                    "language": group.get("language", ""),
                    "items": {},
                },
            )
            for item in group.get("items") or []:
                key = item.get("code") or item["name"]
                entry = domain["items"].setdefault(
                    key,
                    {
                        **item,
                        "language": item.get("language", ""),
                        "by": [],
                        "sources": [],
                    },
                )
                entry["by"].append(certificate.code)
                course = certificate.snapshot["course"]
                entry["sources"].append((course["title"], course.get("language", "")))
    return tuple(
        RecordDomain(
            name=name,
            alignment_url=domain["alignment_url"],
            language=domain["language"],
            competencies=tuple(
                RecordCompetency(
                    code=item.get("code") or "",
                    name=item["name"],
                    alignment_url=item.get("alignment_url") or "",
                    language=item["language"],
                    certified_by=tuple(item["by"]),
                    sources=tuple(item["sources"]),
                    current=any(
                        statuses[code] == CertificateStatus.VALID for code in item["by"]
                    ),
                )
                for item in domain["items"].values()
            ),
        )
        for name, domain in domains.items()
    )


def learner_record(*, learner, link: RecordLink | None = None) -> LearnerRecord:
    """The learner's record today (two queries: profile and certificates)."""
    today = timezone.localdate()
    certificates = list(
        Certificate.objects.current()
        .filter(learner=learner)
        .order_by("-issued_at", "-pk")
    )
    statuses = {c.code: c.status_on(today) for c in certificates}
    listed = [c for c in certificates if statuses[c.code] in LISTED]
    return LearnerRecord(
        name=profile_for(user=learner).printed_name,
        as_of=today,
        certificates=tuple(_certificate(c, statuses[c.code]) for c in listed),
        domains=_domains(listed, statuses),
        link_url=record_link_url(link.code) if link else "",
    )


def certificates_left_off(*, learner) -> list[Certificate]:
    """The learner's certificates the record leaves out (revoked, newest
    first), for their own page to say why."""
    return list(
        Certificate.objects.filter(
            learner=learner, revoked_at__isnull=False, withdrawn_at__isnull=True
        ).order_by("-revoked_at")
    )


def record_link_url(code: str) -> str:
    return RecordLink(code=code).public_url


def record_link_lookup(code_text: str) -> RecordLink | None:
    """The link for a typed or followed code (withdrawn ones too: they say so);
    None for a code nobody made or a learner who is no longer active."""
    code = codes.normalise(code_text)
    if not codes.is_well_formed(code):
        return None
    return (
        RecordLink.objects.filter(code=code, learner__is_active=True)
        .select_related("learner__profile")
        .first()
    )


def record_links(*, learner) -> list[RecordLink]:
    return list(RecordLink.objects.filter(learner=learner))


def record_document(*, record: LearnerRecord, language: str) -> RecordDocument:
    """The pure renderer's input for a record (the academy's logo loaded here)."""
    academy = _academy()
    return RecordDocument(
        record=record,
        language=language,
        academy_name=academy.academy_name,
        verify_base_url=f"{settings.ACADEMY_PUBLIC_BASE_URL.rstrip('/')}/verify/",
        primary_colour=academy.primary_colour,
        logo_data_uri=_image_data_uri(academy.logo) if academy.logo_id else "",
    )


RECORD_PDF_PREFIX = "records/"


def record_storage():
    """The private storage the records' PDFs are kept in (the certificates')."""
    return Certificate.pdf.field.storage


@functools.cache
def _template_source() -> str:
    return get_template(RECORD_TEMPLATE).template.source


def record_pdf_name(*, record: LearnerRecord, learner_id: int, language: str) -> str:
    """Where the sealed PDF of this version of a learner's record is kept: a
    digest of everything it prints (the record, the language, the academy's
    identity and address, the template), so an unchanged record is never
    rendered twice and any change makes a new PDF."""
    academy = _academy()
    payload = json.dumps(
        [
            record.as_json(),
            language,
            settings.ACADEMY_PUBLIC_BASE_URL,
            academy.academy_name,
            academy.primary_colour,
            academy.logo_id,
            _template_source(),
        ],
        sort_keys=True,
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()
    return f"{RECORD_PDF_PREFIX}{learner_id}/{digest}.pdf"
