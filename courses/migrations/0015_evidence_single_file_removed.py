from django.db import migrations


class Migration(migrations.Migration):
    """Several files per evidence submission, step 3 of 3: the single-file
    columns go, now that 0013 has copied them into ``EvidenceFile``."""

    dependencies = [
        ("courses", "0014_evidence_files_copy"),
    ]

    operations = [
        migrations.RemoveField(model_name="evidencesubmission", name="content_type"),
        migrations.RemoveField(model_name="evidencesubmission", name="file"),
        migrations.RemoveField(
            model_name="evidencesubmission", name="original_filename"
        ),
        migrations.RemoveField(model_name="evidencesubmission", name="size"),
    ]
