from django.core.management.base import BaseCommand

from cms.services import academy_roles_setup


class Command(BaseCommand):
    help = (
        "Create or complete the Trainers and Editors groups and the 'Trainer "
        "review' moderation workflow. Safe to run again."
    )

    def handle(self, *args, **options):
        workflow = academy_roles_setup()
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles ready; every page goes through “{workflow.name}”."
            )
        )
