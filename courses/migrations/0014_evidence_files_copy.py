"""Several files per evidence submission, step 2 of 3: each submission's
single file becomes its first ``EvidenceFile``.

The stored file is not copied or moved: the new row names the same object in
the private storage. It keeps the submission's ``public_id``, so a link to the
file made before the migration still works. Photos get a preview on request
(``pending``: made small when first shown); files handed in before previews
existed get none (``none``), as before.
"""

from django.db import migrations

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


def copy_single_files(apps, schema_editor):
    EvidenceSubmission = apps.get_model("courses", "EvidenceSubmission")
    EvidenceFile = apps.get_model("courses", "EvidenceFile")
    submissions = (
        EvidenceSubmission.objects.exclude(file="")
        .exclude(files__isnull=False)  # idempotent
        .order_by("pk")
    )
    batch = []
    for submission in submissions.iterator(chunk_size=500):
        batch.append(
            EvidenceFile(
                submission_id=submission.pk,
                public_id=submission.public_id,
                position=0,
                file=submission.file.name,
                original_filename=submission.original_filename
                or submission.file.name.rsplit("/", 1)[-1],
                content_type=submission.content_type or "application/octet-stream",
                size=submission.size,
                preview_status="pending"
                if submission.content_type in PHOTO_TYPES
                else "none",
            )
        )
        if len(batch) >= 500:
            EvidenceFile.objects.bulk_create(batch)
            batch = []
    EvidenceFile.objects.bulk_create(batch)


def copy_first_files_back(apps, schema_editor):
    """Going back to one file per submission keeps the first; the rows of the
    others are dropped with the table (their stored files stay in storage)."""
    EvidenceSubmission = apps.get_model("courses", "EvidenceSubmission")
    EvidenceFile = apps.get_model("courses", "EvidenceFile")
    for evidence_file in EvidenceFile.objects.filter(position=0).iterator():
        EvidenceSubmission.objects.filter(pk=evidence_file.submission_id).update(
            file=evidence_file.file.name,
            original_filename=evidence_file.original_filename,
            content_type=evidence_file.content_type,
            size=evidence_file.size,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_evidence_files"),
    ]

    operations = [
        migrations.RunPython(copy_single_files, copy_first_files_back),
    ]
