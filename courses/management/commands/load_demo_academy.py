from django.core.management.base import BaseCommand

from courses.demo.content import DEMO_PASSWORD, PEOPLE
from courses.demo.loader import load_demo_academy


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
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(
            "  site: sign in with the e-mail; admin (/admin/): the username"
        )
        for username, _first, _last, email, group, is_superuser, *_rest in PEOPLE:
            role = "administrator" if is_superuser else (group or "learner").lower()
            self.stdout.write(f"  {email:<26} {username:<10} {role}")
