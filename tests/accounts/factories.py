"""Factories for people: a user with a verified e-mail address and a profile."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.services import profile_save

PASSWORD = "pw-Long-enough-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in with ``PASSWORD``, with a verified primary e-mail
    address and a profile: ``name`` is the printed name (default: the username,
    capitalised) and ``language`` the preferred language."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)
    name = factory.LazyAttribute(lambda user: user.username.title())
    language = "en"

    @classmethod
    def _create(cls, model_class, *args, name, language, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        profile_save(user=user, printed_name=name, preferred_language=language)
        return user
