"""The academy's keys: the PDF seal (EC P-256 + X.509) and the Open Badges key.

Production reads them from files named by settings, the same files on every
node (``manage.py create_academy_keys DIR`` makes a set); development makes a
set in ``ACADEMY_SEAL_DIR`` when ``migrate`` runs (``development_keys_ensure``).
Reads only load keys, never make them. Retired keys stay listed so that what
they signed still verifies (decision 0021).
"""

import contextlib
import datetime
import os
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.x509.oid import NameOID
from django.conf import settings

SEAL_KEY_NAME = "seal-key.pem"
SEAL_CERT_NAME = "seal-cert.pem"
OB_KEY_NAME = "openbadges-ed25519.pem"
SEAL_VALIDITY_DAYS = 3650


def _private_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def new_seal_key_pair(
    *, common_name: str, organisation: str, days: int = SEAL_VALIDITY_DAYS
) -> tuple[bytes, bytes]:
    """A new EC P-256 key and a self-signed certificate for it, both PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
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
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
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
    return _private_pem(key), certificate.public_bytes(serialization.Encoding.PEM)


def new_ed25519_key() -> bytes:
    """A new Ed25519 private key, PEM (PKCS#8)."""
    return _private_pem(Ed25519PrivateKey.generate())


def write_secret(path: Path, data: bytes) -> None:
    """Create ``path`` readable by its owner only; never replaces a file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def create_key_set(directory: Path, *, organisation: str) -> dict[str, Path]:
    """Write a seal key, its certificate and an Ed25519 key into ``directory``.

    Refuses (FileExistsError, nothing written) if any of the three exists.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "ACADEMY_SEAL_KEY_FILE": directory / SEAL_KEY_NAME,
        "ACADEMY_SEAL_CERT_FILE": directory / SEAL_CERT_NAME,
        "ACADEMY_OB_KEY_FILE": directory / OB_KEY_NAME,
    }
    existing = [str(path) for path in paths.values() if path.exists()]
    if existing:
        raise FileExistsError(", ".join(existing))
    seal_key, seal_cert = new_seal_key_pair(
        common_name=f"{organisation} (certificate seal)", organisation=organisation
    )
    write_secret(paths["ACADEMY_SEAL_KEY_FILE"], seal_key)
    paths["ACADEMY_SEAL_CERT_FILE"].write_bytes(seal_cert)
    write_secret(paths["ACADEMY_OB_KEY_FILE"], new_ed25519_key())
    return paths


def load_ed25519_public_key(path: Path) -> Ed25519PublicKey:
    """The public half of an Ed25519 key file (private or public PEM)."""
    data = Path(path).read_bytes()
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} is not an Ed25519 key")
        return key.public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


_lock = threading.Lock()


def development_keys_ensure() -> None:
    """Development: make, once, in ``ACADEMY_SEAL_DIR``, each key whose setting
    is unset (production sets them all, so nothing happens). Run by ``migrate``
    and before a certificate is rendered."""
    directory = Path(settings.ACADEMY_SEAL_DIR)
    with _lock:
        if not (settings.ACADEMY_SEAL_KEY_FILE and settings.ACADEMY_SEAL_CERT_FILE):
            key_path, cert_path = directory / SEAL_KEY_NAME, directory / SEAL_CERT_NAME
            if not (key_path.exists() and cert_path.exists()):
                directory.mkdir(parents=True, exist_ok=True)
                key_pem, cert_pem = new_seal_key_pair(
                    common_name="Citizen Science Academy (development seal)",
                    organisation="Citizen Science Academy",
                )
                key_path.unlink(missing_ok=True)
                write_secret(key_path, key_pem)
                cert_path.write_bytes(cert_pem)
        if not settings.ACADEMY_OB_KEY_FILE:
            directory.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileExistsError):  # another process made it
                write_secret(directory / OB_KEY_NAME, new_ed25519_key())
