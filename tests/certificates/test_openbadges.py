"""Open Badges 3.0: our eddsa-rdfc-2022 signer, checked against the W3C test vector
and by an independent verifier (openbadgeslib), and the Bitstring Status List."""

import copy
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.cache import cache
from openbadgeslib.ob3.ldp import OB3VerificationError, verify_data_integrity_proof

from accounts.services import account_erasure_request
from certificates import openbadges
from certificates.models import STATUS_LIST_SIZE
from certificates.services import certificate_issue, certificate_revoke
from courses.services import enrolment_create
from tests.courses.factories import make_user

VECTORS = Path(__file__).parent / "vectors"

pytestmark = pytest.mark.django_db


@pytest.fixture
def vector():
    signed = json.loads((VECTORS / "signedDataInt.json").read_text())
    keys = json.loads((VECTORS / "keyPair.json").read_text())
    examples = json.loads((VECTORS / "credentials-examples-v2.json").read_text())
    loader = openbadges.document_loader(
        {"https://www.w3.org/ns/credentials/examples/v2": examples}
    )
    return signed, keys, loader


def test_signer_reproduces_the_w3c_vector(vector):
    signed, keys, loader = vector
    key = openbadges.private_key_from_multibase(keys["privateKeyMultibase"])
    assert openbadges.multibase_key(key.public_key()) == keys["publicKeyMultibase"]
    mine = openbadges.sign(
        signed,
        key,
        verification_method=signed["proof"]["verificationMethod"],
        created=signed["proof"]["created"],
        loader=loader,
    )
    assert mine["proof"] == signed["proof"]


def test_verifier_accepts_the_vector_and_rejects_any_change(vector):
    signed, keys, loader = vector
    public = openbadges.public_key_from_multibase(keys["publicKeyMultibase"])
    assert openbadges.verify(signed, public, loader=loader)
    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["alumniOf"] = "The School of Forgery"
    assert not openbadges.verify(changed, public, loader=loader)


def _pem(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_certificate_credential_passes_an_independent_verifier(complete_course, client):
    certificate = complete_course()
    certificate.refresh_from_db()
    credential = certificate.open_badge
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"] == "River watch"
    assert achievement["alignment"][0]["targetCode"] == "FW-T"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert "Amina" not in json.dumps(credential)  # only a salted hash of the name

    # The public key is published in the issuer profile.
    profile = client.get("/openbadges/issuer").json()
    method = profile["verificationMethod"][0]
    assert method["id"] == openbadges.the_proof(credential)["verificationMethod"]
    public = openbadges.public_key_from_multibase(method["publicKeyMultibase"])

    served = client.get(f"/openbadges/credentials/{certificate.code}").json()
    assert served == credential
    verify_data_integrity_proof(  # raises if invalid
        served, _pem(public), extra_contexts=openbadges.published_contexts()
    )
    assert openbadges.verify(served, public)

    tampered = copy.deepcopy(served)
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgery"
    with pytest.raises(OB3VerificationError):
        verify_data_integrity_proof(
            tampered, _pem(public), extra_contexts=openbadges.published_contexts()
        )
    assert not openbadges.verify(tampered, public)


def test_status_list_marks_revoked_certificates(complete_course, client, trainer):
    certificate = complete_course()
    index = certificate.status_index
    status = client.get("/openbadges/status/revocation").json()
    public = openbadges.issuer_key().public_key()
    verify_data_integrity_proof(status, _pem(public))
    bits = openbadges.decode_status_list(status["credentialSubject"]["encodedList"])
    assert len(bits) * 8 >= 131_072 == STATUS_LIST_SIZE
    assert not openbadges.status_bit(bits, index)
    certificate_revoke(certificate=certificate, by=trainer, reason="Mistake")

    cache.clear()  # the revocation clears it on commit; tests run in a transaction
    status = client.get("/openbadges/status/revocation").json()
    bits = openbadges.decode_status_list(status["credentialSubject"]["encodedList"])
    assert openbadges.status_bit(bits, index)


def test_status_indexes_are_not_sequential(course_tree, trainer, cohort):
    indexes = []
    for n in range(6):
        learner = make_user(f"l{n}")
        enrolment_create(cohort=cohort, learner=learner)
        indexes.append(
            certificate_issue(
                learner=learner, course=course_tree["course"], by=trainer, reason="test"
            ).status_index
        )
    assert len(set(indexes)) == 6
    assert indexes != sorted(indexes) or max(indexes) - min(indexes) > 6


def test_unknown_or_withdrawn_credential_is_404(client, complete_course, learner):
    certificate = complete_course()
    assert client.get("/openbadges/credentials/NOPE").status_code == 404
    account_erasure_request(user=learner)
    assert client.get(f"/openbadges/credentials/{certificate.code}").status_code == 404


# -- the bundled contexts and terms that canonicalisation would drop ------------
CONTEXT_SHA256 = {
    # The digest the VC Data Model 2.0 Recommendation (2025-05-15, section
    # "Base Context") gives for https://www.w3.org/ns/credentials/v2.
    "credentials-v2.json": (
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    ),
    # https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json as captured
    # in openbadgeslib 4.6.3 (certificates/contexts/README.md).
    "ob-v3p0-context-3.0.3.json": (
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84"
    ),
}


def test_bundled_contexts_are_the_published_files():
    for url, name in openbadges.BUNDLED_CONTEXTS.items():
        data = (openbadges.CONTEXTS_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == CONTEXT_SHA256[name], url
    # The published v2 context has no @vocab (removed before the Recommendation):
    # undefined terms expand to nothing, which is why verify() must reject them.
    assert "@vocab" not in openbadges._context(openbadges.VC_CONTEXT)["@context"]


def _signed_example():
    key = openbadges.issuer_key()
    credential = {
        "@context": [openbadges.VC_CONTEXT, openbadges.OB_CONTEXT],
        "id": "https://academy.example/openbadges/credentials/ABC",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "River watch",
        "issuer": {"id": "https://academy.example/issuer", "type": ["Profile"]},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://academy.example/achievements/1",
                "type": ["Achievement"],
                "name": "River watch",
                "criteria": {"narrative": "Do it."},
            },
        },
    }
    signed = openbadges.sign(credential, key, verification_method="urn:example:key")
    return signed, key.public_key()


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["credentialSubject"]["achievement"].update(level="Expert"),
        lambda c: c.update(accreditedBy="Ministry of Everything"),
        lambda c: c["credentialSubject"].update(grade={"value": "A+"}),
        lambda c: c["type"].append("DiplomaCredential"),
        lambda c: openbadges.the_proof(c).update(note="trust me"),
        lambda c: c["credentialSubject"]["achievement"].update(id="not-an-iri"),
    ],
    ids=["nested", "top", "object", "type", "proof", "relative-id"],
)
def test_verify_rejects_terms_the_signature_does_not_cover(change):
    signed, public = _signed_example()
    assert openbadges.verify(signed, public)
    changed = copy.deepcopy(signed)
    change(changed)
    assert not openbadges.verify(changed, public)


def test_sign_refuses_a_document_with_undefined_terms():
    credential, _public = _signed_example()
    credential.pop("proof")
    credential["credentialSubject"]["favouriteColour"] = "green"
    with pytest.raises(openbadges.DroppedTermError, match="favouriteColour"):
        openbadges.sign(
            credential, openbadges.issuer_key(), verification_method="urn:x:key"
        )


def test_a_credentials_proof_is_a_set_as_the_ob3_schema_requires(complete_course):
    certificate = complete_course()
    certificate.refresh_from_db()
    proof = certificate.open_badge["proof"]
    assert isinstance(proof, list) and len(proof) == 1
    assert proof[0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert openbadges.verify_with_issuer_keys(certificate.open_badge)
    legacy = {**certificate.open_badge, "proof": proof[0]}  # signed before 0039
    assert openbadges.verify_with_issuer_keys(legacy)
