"""Our Open Badges 3.0 credentials and issuer profile validate against the JSON
schemas 1EdTech publishes (tests/certificates/schemas/README.md)."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft201909Validator

from certificates.services import certificate_revoke

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
PINNED = {
    "ob_v3p0_achievementcredential_schema.json": (
        "b7358e895f492e74055dc6bfc7ffc420d0e497f90c4579fb83d9519b86d393ea"
    ),
    "ob_v3p0_profile_schema.json": (
        "6b268f2caa591bf657e2a290e195713c41dc2db4e1c797723cfd00a1a83f8f13"
    ),
}


def _validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema)


def _errors(validator, document) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_the_schemas_are_the_pinned_ones():
    for name, digest in PINNED.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest


def test_issued_credentials_validate_against_the_ob3_schema(
    complete_course, course_tree, client, trainer
):
    validator = _validator("ob_v3p0_achievementcredential_schema.json")
    course = course_tree["course"]
    course.ects_credits = Decimal("0.5")
    course.eqf_level = "4"
    course.save()
    certificate = complete_course()
    certificate.refresh_from_db()

    served = client.get(f"/openbadges/credentials/{certificate.code}").json()
    assert _errors(validator, served) == []
    # The micro-credential elements are in it (decision 0032) and still valid.
    assert served["credentialSubject"]["achievement"]["creditsAvailable"] == 0.5

    # The check is not vacuous: without its issuer or achievement it fails.
    assert _errors(validator, {**served, "issuer": None})
    subject = {**served["credentialSubject"], "achievement": {"type": "Achievement"}}
    assert _errors(validator, {**served, "credentialSubject": subject})

    certificate_revoke(certificate=certificate, by=trainer, reason="Issued in error")
    assert _errors(validator, certificate.open_badge) == []


def test_the_issuer_profile_validates_against_the_ob3_schema(client):
    validator = _validator("ob_v3p0_profile_schema.json")
    profile = client.get("/openbadges/issuer").json()
    assert _errors(validator, profile) == []
