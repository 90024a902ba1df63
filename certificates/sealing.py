"""Sealing certificate PDFs (PAdES, pyHanko) and checking seals.

The academy's key and certificate come from ``ACADEMY_SEAL_KEY_FILE`` and
``ACADEMY_SEAL_CERT_FILE`` (PEM). When they are not set, a development key and
self-signed certificate are generated on first use under
``ACADEMY_SEAL_DIR`` and reused afterwards.
"""

import datetime
import io
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

SEAL_FIELD = "AcademySeal"
_lock = threading.Lock()


def _dev_key_pair(directory: Path) -> tuple[Path, Path]:
    key_path, cert_path = directory / "seal-key.pem", directory / "seal-cert.pem"
    with _lock:
        if key_path.exists() and cert_path.exists():
            return key_path, cert_path
        directory.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(
                    NameOID.COMMON_NAME, "Citizen Science Academy (development seal)"
                ),
                x509.NameAttribute(
                    NameOID.ORGANIZATION_NAME, "Citizen Science Academy"
                ),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(
                x509.BasicConstraints(ca=True, path_length=None), critical=True
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_path.chmod(0o600)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        return key_path, cert_path


def key_files() -> tuple[Path, Path]:
    if settings.ACADEMY_SEAL_KEY_FILE and settings.ACADEMY_SEAL_CERT_FILE:
        return Path(settings.ACADEMY_SEAL_KEY_FILE), Path(
            settings.ACADEMY_SEAL_CERT_FILE
        )
    return _dev_key_pair(Path(settings.ACADEMY_SEAL_DIR))


@cache
def _signer(key_path: str, cert_path: str):
    from pyhanko.sign import signers

    return signers.SimpleSigner.load(key_path, cert_path)


def seal_pdf(pdf: bytes) -> bytes:
    """Add a PAdES baseline signature with the academy's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    key_path, cert_path = key_files()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Certificate issued by the academy",
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(
        writer, meta, signer=_signer(str(key_path), str(cert_path))
    )
    return output.getvalue()


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
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _key_path, cert_path = key_files()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable file is simply "not sealed"
        return SealCheck(False, False, False, False)
    if not signatures:
        return SealCheck(False, False, False, False)
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    _type, _headers, der = pem.unarmor(Path(cert_path).read_bytes())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)])
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
