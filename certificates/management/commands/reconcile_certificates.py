"""Issue certificates that are due and render those without a PDF or badge."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from certificates.services import certificates_reconcile


class Command(BaseCommand):
    help = (
        "Issue every certificate that is due on courses that issue automatically, "
        "and queue for rendering every valid certificate without a PDF or a signed "
        "badge. Safe to run at any time; the workers' scheduler runs it too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--render-after-minutes",
            type=int,
            default=0,
            help="Only re-render certificates issued at least this many minutes "
            "ago (default 0: all of them).",
        )

    def handle(self, *args, render_after_minutes, **options):
        if render_after_minutes < 0:
            raise CommandError("--render-after-minutes must be 0 or more.")
        summary = certificates_reconcile(
            render_after=timedelta(minutes=render_after_minutes)
        )
        self.stdout.write(
            f"{summary['issued']} certificate(s) issued, "
            f"{summary['rendered']} queued for rendering."
        )
