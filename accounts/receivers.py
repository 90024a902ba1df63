"""What allauth announces that the accounts app acts on, and what changes the
pages kept for a signed-in person (``common.cache``)."""

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.models import Notification, Profile
from common.cache import personal_content_changed

User = get_user_model()


@receiver(password_reset)
def reset_link_proves_the_address(sender, request, user, **kwargs):
    """The reset link (and a trainer's invitation, which is one) went to the
    user's address: using it proves they read that mailbox, so sign-in does
    not ask them to confirm the address again."""
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True
    )


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def account_changed(sender, instance, **kwargs):
    """Name, address, password (which signs other sessions out), active or not."""
    personal_content_changed(instance.pk)


@receiver(post_save, sender=Profile)
@receiver(post_delete, sender=Profile)
@receiver(post_save, sender=Notification)
@receiver(post_delete, sender=Notification)
def own_records_changed(sender, instance, **kwargs):
    """The printed name and preferences; the unread count in the header."""
    personal_content_changed(instance.user_id)


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def roles_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    """Roles decide what the header and pages offer (the trainer area, editing)."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Group):
        people = list(instance.user_set.values_list("pk", flat=True))
    elif isinstance(instance, User):
        people = [instance.pk]
    else:  # a group's members changed from the group's side
        people = list(pk_set or ())
    personal_content_changed(*people)
