"""Page-tree integrity around translation (wagtail-localize), and the site's
version for cached public pages."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.caching import site_content_changed
from cms.models import AcademySettings


@receiver(page_published)
def repair_child_count(sender, instance, **kwargs):
    """Keep ``numchild`` true after a publish.

    Translating a page "including subtree" publishes the translated parent after
    commit, from an instance loaded before its translated children were created,
    writing ``numchild = 0`` over the real count (wagtail-localize issue #773). Wagtail
    then treats the page as a leaf and its children answer 404. Recounting
    costs one query per publish.
    """
    actual = Page.objects.filter(
        path__startswith=instance.path, depth=instance.depth + 1
    ).count()
    if actual != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=actual)
        instance.numchild = actual


@receiver(post_save, sender=AcademySettings)
@receiver(page_published)
@receiver(page_unpublished)
def rebuild_cached_pages(sender, **kwargs):
    """The academy's name, logo and the header's links are on every page."""
    site_content_changed()
