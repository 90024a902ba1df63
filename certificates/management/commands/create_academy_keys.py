"""``manage.py create_academy_keys DIR``: a new set of the academy's keys."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates import keys


class Command(BaseCommand):
    help = (
        "Write a new seal key, its self-signed certificate and an Open Badges "
        "Ed25519 key into DIR, and print the settings that name them. Refuses to "
        "overwrite existing key files. Needs no database and no keys, so it runs "
        "with the development settings too: "
        "manage.py create_academy_keys DIR --settings=academy.settings.dev"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--organisation",
            default=settings.WAGTAIL_SITE_NAME,
            help="Organisation named in the seal certificate (default: site name).",
        )

    def handle(self, *args, directory: Path, organisation: str, **options):
        try:
            paths = keys.create_key_set(directory.resolve(), organisation=organisation)
        except FileExistsError as error:
            raise CommandError(
                f"Refusing to overwrite existing key files: {error}. Keys sign "
                "certificates already issued; to rotate, create the new set in "
                "another folder and list the old files as retired (README, "
                "'Keys')."
            ) from error
        self.stdout.write(self.style.SUCCESS("Keys written. Set on every node:"))
        for name, path in paths.items():
            self.stdout.write(f"{name}={path}")
        self.stdout.write(
            "Keep a backup of the folder: certificates sealed and signed with "
            "these keys verify only while the keys (or, once retired, their "
            "public halves) stay configured."
        )
