"""Factories for certificate rows that tests set up directly.

Certificates themselves are issued through ``certificates.services`` (the
``complete_course`` fixture), never built by hand: issuing is what is tested.
"""

import factory

from certificates.models import StatusList


class StatusListFactory(factory.django.DjangoModelFactory):
    """A bitstring status list; ``size`` small to test a full list."""

    class Meta:
        model = StatusList

    number = factory.Sequence(lambda n: n)
