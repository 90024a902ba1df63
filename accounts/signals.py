"""Signals that let other apps take part in account lifecycle without imports.

``collect_personal_data``: receivers return a JSON-serialisable dict of what
they hold about ``user``; the data export merges them under their app label.

``erasure_requested``: receivers delete or anonymise what they hold about
``user``. Sent inside the erasure transaction: a receiver that fails aborts it.
"""

from django.dispatch import Signal

collect_personal_data = Signal()
erasure_requested = Signal()
