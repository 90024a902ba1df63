"""Factories for the site settings' inline rows."""

import factory

from cms.models import Signatory


class SignatoryFactory(factory.django.DjangoModelFactory):
    """A person who signs certificates; ``settings`` (the site's
    ``AcademySettings``) is required."""

    class Meta:
        model = Signatory

    name = factory.Sequence(lambda n: f"Signatory {n}")
    role = "Director"
