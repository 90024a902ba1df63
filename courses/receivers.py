"""Courses' part in account lifecycle signals (see accounts/signals.py)."""

from django.dispatch import receiver

from accounts.signals import collect_personal_data, erasure_requested
from courses.selectors.progress import learner_personal_data
from courses.services import learner_progress_erase


@receiver(collect_personal_data)
def export_progress(sender, user, **kwargs):
    return learner_personal_data(learner=user)


@receiver(erasure_requested)
def erase_progress(sender, user, **kwargs):
    learner_progress_erase(learner=user)
