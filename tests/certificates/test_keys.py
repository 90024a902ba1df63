"""The academy's keys: made once by a command, shared by every node, rotatable."""

import copy
import io
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command
from django.core.management.sql import emit_post_migrate_signal
from openbadgeslib.ob3.ldp import verify_data_integrity_proof

from certificates import openbadges, sealing
from certificates.keys import OB_KEY_NAME, SEAL_CERT_NAME, SEAL_KEY_NAME
from certificates.services import open_badge_sign

pytestmark = pytest.mark.django_db


def _make_keys(directory):
    out = io.StringIO()
    call_command("create_academy_keys", str(directory), stdout=out)
    return dict(
        line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line
    )


def _use(settings, files, *, retired=(), retired_certs=()):
    settings.ACADEMY_SEAL_KEY_FILE = files["ACADEMY_SEAL_KEY_FILE"]
    settings.ACADEMY_SEAL_CERT_FILE = files["ACADEMY_SEAL_CERT_FILE"]
    settings.ACADEMY_OB_KEY_FILE = files["ACADEMY_OB_KEY_FILE"]
    settings.ACADEMY_OB_RETIRED_KEY_FILES = list(retired)
    settings.ACADEMY_SEAL_RETIRED_CERT_FILES = list(retired_certs)


def test_the_command_writes_private_keys_and_refuses_to_overwrite(tmp_path):
    files = _make_keys(tmp_path / "keys")
    assert sorted(files) == [
        "ACADEMY_OB_KEY_FILE",
        "ACADEMY_SEAL_CERT_FILE",
        "ACADEMY_SEAL_KEY_FILE",
    ]
    for name in (SEAL_KEY_NAME, OB_KEY_NAME):
        mode = stat.S_IMODE((tmp_path / "keys" / name).stat().st_mode)
        assert mode == 0o600
    assert b"BEGIN CERTIFICATE" in (tmp_path / "keys" / SEAL_CERT_NAME).read_bytes()
    before = {p.name: p.read_bytes() for p in (tmp_path / "keys").iterdir()}
    with pytest.raises(CommandError, match="Refusing to overwrite"):
        _make_keys(tmp_path / "keys")
    assert {p.name: p.read_bytes() for p in (tmp_path / "keys").iterdir()} == before

    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / OB_KEY_NAME).write_bytes(b"keep me")
    with pytest.raises(CommandError):
        _make_keys(tmp_path / "partial")
    assert [p.name for p in (tmp_path / "partial").iterdir()] == [OB_KEY_NAME]


def _pem(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_two_nodes_with_the_same_files_publish_the_same_keys(settings, tmp_path):
    files = _make_keys(tmp_path / "keys")
    _use(settings, files)
    first = openbadges.issuer_profile(name="A", url="", email="")
    settings.ACADEMY_SEAL_DIR = tmp_path / "another-node"  # would hold dev keys
    assert openbadges.issuer_profile(name="A", url="", email="") == first
    assert not (tmp_path / "another-node").exists()


@pytest.mark.pdf
def test_credentials_signed_with_a_retired_key_still_verify(
    settings, tmp_path, client, complete_course
):
    old, new = _make_keys(tmp_path / "old"), _make_keys(tmp_path / "new")
    _use(settings, old)
    certificate = complete_course()
    certificate.refresh_from_db()
    signed_before = certificate.open_badge
    old_public = openbadges.issuer_key().public_key()
    with open(certificate.pdf.path, "rb") as handle:
        sealed_before = handle.read()
    assert sealing.check_seal(sealed_before).ok

    # Rotate: a new current key; the old ones are retired, not forgotten.
    _use(
        settings,
        new,
        retired=[old["ACADEMY_OB_KEY_FILE"]],
        retired_certs=[old["ACADEMY_SEAL_CERT_FILE"]],
    )
    profile = client.get("/openbadges/issuer").json()
    methods = {m["id"]: m["publicKeyMultibase"] for m in profile["verificationMethod"]}
    current = openbadges.verification_method()
    assert current in methods
    assert methods[openbadges.the_proof(signed_before)["verificationMethod"]] == (
        openbadges.multibase_key(old_public)
    )
    assert len(set(methods.values())) == 2

    # The old credential verifies with the key its proof names in the profile,
    # here and with an independent verifier; an edit still fails.
    assert openbadges.verify_with_issuer_keys(signed_before)
    named = methods[openbadges.the_proof(signed_before)["verificationMethod"]]
    verify_data_integrity_proof(
        signed_before,
        _pem(openbadges.public_key_from_multibase(named)),
        extra_contexts=openbadges.published_contexts(),
    )
    tampered = copy.deepcopy(signed_before)
    tampered["name"] = "Brain surgery"
    assert not openbadges.verify_with_issuer_keys(tampered)

    # New credentials are signed with the new key.

    fresh = open_badge_sign(certificate=certificate)
    assert (
        openbadges.the_proof(fresh)["verificationMethod"]
        == current
        != (openbadges.the_proof(signed_before)["verificationMethod"])
    )
    assert openbadges.verify_with_issuer_keys(fresh)

    # PDFs sealed with the old key still check as sealed; a forgotten key does not.
    assert sealing.check_seal(sealed_before).ok
    _use(settings, new)
    assert not sealing.check_seal(sealed_before).trusted
    assert not openbadges.verify_with_issuer_keys(signed_before)


def test_credentials_from_before_rotation_keep_their_key_1(settings, tmp_path):
    """Proofs made before ids were derived from keys name `#key-1`: that id
    stays with the oldest key listed."""
    old, new = _make_keys(tmp_path / "old"), _make_keys(tmp_path / "new")
    _use(settings, old)
    legacy_id = f"{openbadges.issuer_id()}#key-1"
    credential = {
        "@context": [openbadges.VC_CONTEXT],
        "type": ["VerifiableCredential"],
        "issuer": openbadges.issuer_id(),
        "credentialSubject": {"id": "urn:example:subject"},
    }
    signed = openbadges.sign(
        credential, openbadges.issuer_key(), verification_method=legacy_id
    )
    assert openbadges.verify_with_issuer_keys(signed)
    _use(settings, new, retired=[old["ACADEMY_OB_KEY_FILE"]])
    assert openbadges.verify_with_issuer_keys(signed)


def test_reads_never_make_keys_migrate_does(settings, tmp_path, client):
    """Development keys are made by `migrate`; a page that reads a key (the
    issuer profile, the status list, checking a PDF) never makes one."""
    settings.ACADEMY_SEAL_KEY_FILE = settings.ACADEMY_SEAL_CERT_FILE = ""
    settings.ACADEMY_OB_KEY_FILE = ""
    settings.ACADEMY_SEAL_DIR = tmp_path / "seal"
    with pytest.raises(FileNotFoundError):
        client.get("/openbadges/issuer")
    assert not sealing.check_seal(b"%PDF-1.7 not sealed").signed
    assert not (tmp_path / "seal").exists()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    made = sorted(p.name for p in (tmp_path / "seal").iterdir())
    assert made == sorted([OB_KEY_NAME, SEAL_CERT_NAME, SEAL_KEY_NAME])
    assert client.get("/openbadges/issuer").status_code == 200
