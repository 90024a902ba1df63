"""Indexes for the certificate register: the newest first, and on PostgreSQL
a trigram index for the search by printed name (``snapshot__name__icontains``
compiles to exactly this expression)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

NAME_INDEX = (
    "CREATE INDEX IF NOT EXISTS certificate_name_trgm ON certificates_certificate "
    "USING gin ((UPPER((snapshot ->> 'name')::text)) gin_trgm_ops)"
)


def create_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NAME_INDEX)


def drop_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS certificate_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_merge_0002_event_kinds_0002_status_lists"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(fields=["-issued_at"], name="certificate_issued_at"),
        ),
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(create_name_index, drop_name_index),
    ]
