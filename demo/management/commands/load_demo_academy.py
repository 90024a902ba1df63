from django.core.management.base import BaseCommand

from demo.data import academy
from demo.loader import load_demo_academy


class Command(BaseCommand):
    help = (
        "Create the demo citizen science academy: courses, modules, lessons, a "
        "French translation and demo accounts. Safe to run again."
    )

    def handle(self, *args, **options):
        created = load_demo_academy(report=lambda line: self.stdout.write(line))
        self.stdout.write(
            self.style.SUCCESS(f"Demo academy ready ({created} new objects).")
        )
        content = academy()
        self.stdout.write(f"Demo sign-ins (password for all: {content['password']}):")
        self.stdout.write(
            "  site: sign in with the e-mail; admin (/admin/): the username"
        )
        for person in content["people"]:
            group = person["group"]
            role = "administrator" if person["superuser"] else (group or "learner")
            self.stdout.write(
                f"  {person['email']:<26} {person['username']:<10} {role.lower()}"
            )
