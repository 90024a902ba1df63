"""Holders are told 60 and 14 days before their certificate expires, once each,
with how to renew it; they cannot switch these messages off."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from accounts.services import email_preferences_save
from certificates.notifications import expiry_notices_send
from certificates.services import certificate_revoke

pytestmark = pytest.mark.django_db


def test_expiry_notices_at_60_and_14_days(learner, complete_course, mailoutbox):
    certificate = complete_course()
    today = timezone.localdate()
    certificate.expires_on = today + datetime.timedelta(days=50)
    certificate.save()
    # Switching every e-mail off leaves the certificate's own messages on.
    email_preferences_save(user=learner, opt_outs=list(Notification.Kind.values))
    assert Notification.Kind.CERTIFICATE_EXPIRING not in learner.profile.email_opt_outs
    mail.outbox.clear()
    expiry_notices_send(today=today)
    expiry_notices_send(today=today)  # the job runs again: nothing new
    expiring = Notification.objects.filter(
        user=learner, kind=Notification.Kind.CERTIFICATE_EXPIRING
    )
    assert expiring.count() == 1
    text = expiring.get().text
    assert "in 50 days" in text and "enrol in a new cohort" in text
    assert certificate.display_code in text
    expiry_notices_send(today=today + datetime.timedelta(days=40))  # 10 days left
    expiry_notices_send(today=today + datetime.timedelta(days=41))
    assert expiring.count() == 2
    assert "in 10 days" in expiring.first().text
    assert len(mailoutbox) == 2
    assert expiry_notices_send(today=today + datetime.timedelta(days=51)) == 0


def test_revoked_certificates_get_no_notice(learner, complete_course, trainer):
    certificate = complete_course()
    certificate.expires_on = timezone.localdate() + datetime.timedelta(days=10)
    certificate.save()
    certificate_revoke(certificate=certificate, by=trainer, reason="Mistake")
    assert expiry_notices_send() == 0
