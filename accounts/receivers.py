"""What allauth announces that the accounts app acts on."""

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.dispatch import receiver


@receiver(password_reset)
def reset_link_proves_the_address(sender, request, user, **kwargs):
    """The reset link (and a trainer's invitation, which is one) went to the
    user's address: using it proves they read that mailbox, so sign-in does
    not ask them to confirm the address again."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True
    )
