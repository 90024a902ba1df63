"""Sealing certificate PDFs (PAdES, pyHanko) and checking seals.

The academy's key and certificate come from ``ACADEMY_SEAL_KEY_FILE`` and
``ACADEMY_SEAL_CERT_FILE`` (PEM), the same files on every node; production
refuses to start without them. In development, when they are not set, a key
and self-signed certificate are made under ``ACADEMY_SEAL_DIR`` by
``keys.development_keys_ensure``. Seals made with earlier keys are
still recognised when their certificates are listed in
``ACADEMY_SEAL_RETIRED_CERT_FILES``.

Sealing is an incremental update: the signed file keeps the PDF version and
the PDF/UA identification of the rendered one.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import constants
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import keys

SEAL_FIELD = "AcademySeal"


def key_files() -> tuple[Path, Path]:
    if settings.ACADEMY_SEAL_KEY_FILE and settings.ACADEMY_SEAL_CERT_FILE:
        return Path(settings.ACADEMY_SEAL_KEY_FILE), Path(
            settings.ACADEMY_SEAL_CERT_FILE
        )
    directory = Path(settings.ACADEMY_SEAL_DIR)  # development_keys_ensure's
    return directory / keys.SEAL_KEY_NAME, directory / keys.SEAL_CERT_NAME


@cache
def _signer(key_path: str, cert_path: str):
    return signers.SimpleSigner.load(key_path, cert_path)


def _version_keeping_signer(meta, signer):
    """A PdfSigner that never raises the file's PDF version.

    pyHanko declares ISO 32002 for ECDSA on P-256 and, to do so, sets the
    catalog's ``/Version`` to 2.0. The certificate is PDF/UA-1, which is PDF
    1.7: it must keep claiming 1.7. ECDSA signatures are declared for PDF 1.7
    by the ESIC (PAdES) developer extension, which is kept.
    """

    class VersionKeepingSigner(signers.PdfSigner):
        def register_extensions(self, pdf_out, *, md_algorithm):
            pdf_out.ensure_output_version(version=(1, 7))
            if pdf_out.output_version < (2, 0):
                pdf_out.register_extension(constants.ESIC_EXTENSION_1)

    return VersionKeepingSigner(meta, signer=signer)


def seal_pdf(pdf: bytes, *, reason: str = "Certificate issued by the academy") -> bytes:
    """Add a PAdES baseline signature with the academy's key.

    An incremental update: the PDF version, tags and PDF/UA metadata of the
    rendered file are unchanged.
    """
    key_path, cert_path = key_files()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        md_algorithm="sha256",
    )
    signer = _version_keeping_signer(meta, _signer(str(key_path), str(cert_path)))
    reserved = _reserved_bytes.get((key_path, cert_path, reason))
    sealed = signer.sign_pdf(writer, bytes_reserved=reserved).getvalue()
    if reserved is None:
        _reserved_bytes[(key_path, cert_path, reason)] = _signature_space(sealed)
    return sealed


# pyHanko sizes the space for the signature by making a dummy signature first,
# which costs about a third of sealing. The size depends only on the key, the
# certificate and the fixed metadata, so the space pyHanko chose for the first
# seal made with a key is reused for the next ones.
_reserved_bytes: dict[tuple[Path, Path, str], int] = {}


def _signature_space(pdf: bytes) -> int | None:
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[-1]
    start, end = signature.byte_range[1], signature.byte_range[2]
    return end - start - 2  # the hexadecimal string, without its < and >


@dataclass(frozen=True)
class SealCheck:
    signed: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.trusted and self.covers_whole_file


def check_seal(pdf: bytes) -> SealCheck:
    """Is there an academy seal, does it cover the whole file, is it unaltered?"""
    _key_path, cert_path = key_files()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not sealed"
        return SealCheck(False, False, False, False)
    if not signatures:
        return SealCheck(False, False, False, False)

    roots = []
    for path in [cert_path, *settings.ACADEMY_SEAL_RETIRED_CERT_FILES]:
        _type, _headers, der = pem.unarmor(Path(path).read_bytes())
        roots.append(asn1_x509.Certificate.load(der))
    context = ValidationContext(trust_roots=roots)
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:  # noqa: BLE001 - a damaged signature is "not intact"
        return SealCheck(True, False, False, False)
    coverage = status.coverage is not None and status.coverage.name in {
        "ENTIRE_FILE",
        "ENTIRE_REVISION",
    }
    return SealCheck(
        signed=True,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=coverage
        and status.modification_level is not None
        and status.modification_level.name == "NONE",
    )
