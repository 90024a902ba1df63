"""Certificate PDF rendering: a pure function from a snapshot to PDF bytes.

No ORM here: the caller passes everything the certificate states, including
its design (``snapshot["design"]``: layout, colours, title line, signatories;
images come as data URIs). WeasyPrint renders the layout's template
(``templates/certificates/pdf/certificate.html`` for the classic layout, which
the others extend) as a tagged PDF
(PDF/UA-1) with the fonts installed on the system (Noto covers Latin with all
diacritics, Greek, Cyrillic, Arabic, Devanagari and more; DejaVu as fallback).
"""

import base64
import io
import re
import threading
from dataclasses import dataclass, field

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration


@dataclass(frozen=True)
class CertificateDocument:
    snapshot: dict
    code_display: str
    verify_url: str
    language: str
    logo_data_uri: str = ""
    signature_data_uris: tuple[str, ...] = field(default_factory=tuple)
    partner_logo_data_uri: str = ""
    background_data_uri: str = ""


# The layouts a certificate template offers (cms.models.CertificateLayout).
LAYOUT_TEMPLATES = {
    "classic": "certificates/pdf/certificate.html",
    "modern": "certificates/pdf/modern.html",
    "formal": "certificates/pdf/formal.html",
}


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _design(snapshot: dict) -> dict:
    """The snapshot's design; a certificate issued before templates had the
    academy's colours and signatories, in the classic layout. Colours go into
    CSS, so anything but ``#rrggbb`` (validated on input) falls back."""
    academy = snapshot.get("academy") or {}
    design = dict(snapshot.get("design") or {})
    design.setdefault("layout", "classic")
    design.setdefault("title", "")
    design.setdefault("signatories", snapshot.get("signatories") or [])
    for key, default in (("primary_colour", "#1d4e89"), ("accent_colour", "#2e7d4f")):
        colour = design.get(key) or academy.get(key) or ""
        design[key] = colour if HEX_COLOUR.match(colour) else default
    return design


def qr_svg(url: str) -> str:
    """The QR code for ``url`` as an SVG document (error correction M)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=4,
        image_factory=qrcode.image.svg.SvgPathFillImage,
    )
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue().decode()


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_html(document: CertificateDocument) -> str:
    design = _design(document.snapshot)
    template = LAYOUT_TEMPLATES.get(design.get("layout"), LAYOUT_TEMPLATES["classic"])
    with translation.override(document.language):
        return render_to_string(
            template,
            {
                "c": document.snapshot,
                "design": design,
                "primary": design["primary_colour"],
                "accent": design["accent_colour"],
                "partner_logo": document.partner_logo_data_uri,
                "background": document.background_data_uri,
                "code": document.code_display,
                "verify_url": document.verify_url,
                "qr": _data_uri(qr_svg(document.verify_url)),
                "logo": document.logo_data_uri,
                "signatures": document.signature_data_uris,
                "language": document.language,
            },
        )


RECORD_TEMPLATE = "certificates/pdf/record.html"


@dataclass(frozen=True)
class RecordDocument:
    """The renderer's input for a learner's record (decision 0042): the record
    (``certificates.selectors.record.LearnerRecord``, plain data) and the
    academy's identity."""

    record: object
    language: str
    academy_name: str
    verify_base_url: str = ""
    primary_colour: str = ""
    logo_data_uri: str = ""


def render_record_html(document: RecordDocument) -> str:
    colour = document.primary_colour
    with translation.override(document.language):
        return render_to_string(
            RECORD_TEMPLATE,
            {
                "record": document.record,
                "academy_name": document.academy_name,
                "primary": colour if HEX_COLOUR.match(colour or "") else "#1d4e89",
                "logo": document.logo_data_uri,
                "qr": _data_uri(qr_svg(document.record.link_url))
                if document.record.link_url
                else "",
                "verify_base": document.verify_base_url,
                "language": document.language,
            },
        )


def render_record_pdf(document: RecordDocument) -> bytes:
    """The record's PDF bytes (unsealed)."""
    return html_to_pdf(render_record_html(document))


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=".").write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        custom_metadata=True,
        font_config=_font_config(),
    )


_per_thread = threading.local()


def _font_config():
    """One font configuration per process (per thread: Pango promises no
    thread safety, and the development server renders in request threads).
    WeasyPrint otherwise builds one per document, which costs time and about
    0.3 MiB that a long-lived process never gets back. The certificate's CSS
    declares no ``@font-face``, so the shared configuration never grows."""
    config = getattr(_per_thread, "font_config", None)
    if config is None:
        config = _per_thread.font_config = FontConfiguration()
    return config


def render_pdf(document: CertificateDocument) -> bytes:
    """Certificate PDF bytes (unsealed) for a snapshot."""
    return html_to_pdf(render_html(document))


def warm_up() -> None:
    """Load WeasyPrint and the certificate fonts (task workers call this once,
    before they fork a process per job)."""
    html_to_pdf(
        "<html lang=\"en\"><body style=\"font-family: 'Noto Sans', 'DejaVu Sans'\">"
        "<p>Ελένη Жанна Šarūnė</p>"
        "<p style=\"font-family: 'DejaVu Sans Mono'\">0123-ABCD</p></body></html>"
    )
