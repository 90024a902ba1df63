"""Certificates and evidence on shared S3-compatible storage.

A real S3 server (moto in server mode, over HTTP on 127.0.0.1) stands in for
the object store that every web node and worker shares in production. The
storage is configured as ``ACADEMY_S3_BUCKET`` configures it: private ACL,
signed URLs, private files under ``private/``.
"""

import hashlib

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from academy.gunicorn_server import free_port
from certificates.models import Certificate
from certificates.services import certificate_render
from courses.models import EvidenceFile
from courses.services import evidence_submit
from tests.courses.factories import assert_evidence_served_only_to_its_people, png

pytestmark = pytest.mark.django_db

BUCKET = "academy-test"
CREDENTIALS = {"access_key": "testing", "secret_key": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    yield endpoint
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def private_s3(bucket, s3_endpoint, monkeypatch):
    """The private storage of production settings, on the S3 server: every
    file field that uses it (certificate PDFs, evidence) now writes there."""
    storage = S3Storage(
        bucket_name=BUCKET,
        endpoint_url=s3_endpoint,
        region_name="eu-west-1",
        default_acl="private",
        querystring_auth=True,
        file_overwrite=False,
        location="private",
        **CREDENTIALS,
    )
    for model, name in (
        (Certificate, "pdf"),
        (EvidenceFile, "file"),
        (EvidenceFile, "preview"),
    ):
        monkeypatch.setattr(model._meta.get_field(name), "storage", storage)
    return storage


def _only_the_owner_may_read(bucket, key):
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"]["Type"] == "CanonicalUser" for g in grants)


@pytest.mark.pdf
def test_certificate_pdf_lives_in_the_bucket(
    client, private_s3, bucket, complete_course, learner, trainer
):
    certificate = complete_course()
    key = f"private/{certificate.pdf.name}"
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256
    _only_the_owner_may_read(bucket, key)

    client.force_login(learner)
    download = client.get(f"/certificates/{certificate.code}/pdf/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored

    client.logout()
    check = client.post(
        "/verify/check/", {"pdf": SimpleUploadedFile("c.pdf", stored)}
    ).content.decode()
    assert "This is the file the academy issued" in check

    # A re-render after a crash replaces the object in place (same key).
    Certificate.objects.filter(pk=certificate.pk).update(pdf_sha256="damaged")

    certificate = certificate_render(certificate_id=certificate.pk)
    assert f"private/{certificate.pdf.name}" == key
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256


def test_evidence_in_the_bucket_is_served_only_to_its_people(
    client, private_s3, bucket, course_tree, learner, other_learner, enrolled, trainer
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", uploads=[png()]
    )
    key = f"private/{submission.files.get().file.name}"
    assert (
        bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read().startswith(b"\x89PNG")
    )
    _only_the_owner_may_read(bucket, key)
    assert_evidence_served_only_to_its_people(
        client,
        submission,
        course=course_tree["course"],
        learner=learner,
        other_learner=other_learner,
        trainer=trainer,
    )
    page = client.get(f"/trainer/reviews/{submission.public_id}/").content.decode()
    assert BUCKET not in page  # never a direct link to the object store
