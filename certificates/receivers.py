"""Certificates listen to courses and accounts; neither imports certificates."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Profile
from accounts.signals import collect_personal_data, erasure_requested
from certificates.caching import verification_changed
from certificates.keys import development_keys_ensure
from certificates.models import Certificate
from certificates.selectors import learner_certificates, verify_url
from certificates.selectors.record import record_link_url
from certificates.services import (
    certificate_issue,
    certificate_withdraw_for_erasure,
    record_data_erase,
)
from common.cache import personal_content_changed
from courses.signals import course_completed


@receiver(course_completed)
def issue_on_completion(sender, completion, **kwargs):
    if completion.learner.is_active and completion.course.certificate_auto_issue:
        certificate_issue(learner=completion.learner, course=completion.course)


@receiver(erasure_requested)
def withdraw_on_erasure(sender, user, **kwargs):
    certificate_withdraw_for_erasure(learner=user)
    record_data_erase(learner=user)


@receiver(collect_personal_data)
def export_certificates(sender, user, **kwargs):
    return {
        "certificates": [
            {
                "code": c.display_code,
                "course": c.snapshot["course"]["title"],
                "status": c.status,
                "issued_at": c.issued_at.isoformat(),
                "verify_url": verify_url(c.code),
            }
            for c in learner_certificates(learner=user)
        ],
        "record_links": [
            {
                "url": record_link_url(link.code),
                "label": link.label,
                "created_at": link.created_at.isoformat(),
                "withdrawn_at": link.revoked_at.isoformat()
                if link.revoked_at
                else None,
                "views": link.views,
            }
            for link in user.record_links.all()
        ],
    }


def make_development_keys(sender, **kwargs):
    """Development keys are made by ``migrate``, never by a read (decision 0021)."""
    development_keys_ensure()


@receiver(post_save, sender=Certificate)
@receiver(post_delete, sender=Certificate)
def holder_pages_changed(sender, instance, **kwargs):
    """The holder's dashboard and course pages show their certificates."""
    personal_content_changed(instance.learner_id)


@receiver(post_save, sender=Profile)
def reverify_on_profile_change(sender, instance, **kwargs):
    """The verify pages show the holder's name only if they allow it."""
    codes = Certificate.objects.filter(learner_id=instance.user_id).values_list(
        "code", flat=True
    )
    if codes:
        verification_changed(*codes)
