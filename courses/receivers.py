"""Courses' part in account lifecycle signals (see accounts/signals.py), and
what public pages show that no page publish announces (cohorts, the
competency framework, partners)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import collect_personal_data, erasure_requested
from cms.caching import site_content_changed
from courses.models import (
    Cohort,
    Competency,
    CompetencyDomain,
    PartnerOrganisation,
)
from courses.selectors.progress import learner_personal_data
from courses.services import learner_progress_erase


@receiver(collect_personal_data)
def export_progress(sender, user, **kwargs):
    return learner_personal_data(learner=user)


@receiver(erasure_requested)
def erase_progress(sender, user, **kwargs):
    learner_progress_erase(learner=user)


@receiver(post_save, sender=Cohort)
@receiver(post_delete, sender=Cohort)
@receiver(post_save, sender=CompetencyDomain)
@receiver(post_delete, sender=CompetencyDomain)
@receiver(post_save, sender=Competency)
@receiver(post_delete, sender=Competency)
@receiver(post_save, sender=PartnerOrganisation)
@receiver(post_delete, sender=PartnerOrganisation)
def rebuild_public_pages(sender, **kwargs):
    """Course pages list their open cohorts (dates, places) and partners; the
    catalogue and domain pages are organised by the competency framework."""
    site_content_changed()
