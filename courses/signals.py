"""Announcements from the courses app to apps that depend on it.

``course_completed(sender=CourseCompletion, completion=...)`` is sent once per
learner and course, after the transaction that first met the certificate rule
commits. The certificates app listens to it; courses never imports certificates.
"""

from django.dispatch import Signal

course_completed = Signal()
