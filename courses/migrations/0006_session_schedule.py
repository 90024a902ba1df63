"""Sessions learners can plan around and keep in their calendars: an end time,
an address, a map link, what to bring, cancellation, and the stable calendar
identity (``uid``) and revision (``sequence``) of each session."""

import uuid

from django.db import migrations, models


def give_every_session_its_own_uid(apps, schema_editor):
    CohortSession = apps.get_model("courses", "CohortSession")
    for session in CohortSession.objects.only("pk").iterator():
        CohortSession.objects.filter(pk=session.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_cohort_manage_all_permission")]

    operations = [
        # A unique UUID is added in three steps, or every existing session
        # would get the same one.
        migrations.AddField(
            model_name="cohortsession",
            name="uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_every_session_its_own_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cohortsession",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="ends_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Leave empty for a two-hour session.",
                null=True,
                verbose_name="ends at",
            ),
        ),
        migrations.AlterField(
            model_name="cohortsession",
            name="location",
            field=models.CharField(
                blank=True,
                help_text="e.g. Central Library",
                max_length=200,
                verbose_name="place",
            ),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="address",
            field=models.CharField(
                blank=True,
                help_text="Street, postcode and town, as a calendar app can find it.",
                max_length=300,
                verbose_name="address",
            ),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="map_url",
            field=models.URLField(
                blank=True,
                help_text="Optional: a link to the place on a map.",
                verbose_name="map link",
            ),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="what_to_bring",
            field=models.TextField(
                blank=True,
                help_text="e.g. Waterproof boots, a charged phone, a notebook.",
                verbose_name="what to bring",
            ),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="cancelled",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A cancelled session stays in learners' calendars, marked "
                    "cancelled, and does not count for attendance."
                ),
                verbose_name="cancelled",
            ),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="cohortsession",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
