"""Page-tree integrity around translation (wagtail-localize), and the site's
version for cached public pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

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
    actual = Page.objects.child_of(instance).count()
    if actual != instance.numchild:
        Page.objects.filter(pk=instance.pk).update(numchild=actual)
        instance.numchild = actual


@receiver(post_save, sender=AcademySettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(page_slug_changed)
def rebuild_cached_pages(sender, **kwargs):
    """The academy's name, logo and the header's links are on every page, and a
    page's content, its place, its privacy, its images and documents and its
    children's cards on several."""
    site_content_changed()


@receiver(post_save)
def rebuild_after_live_page_write(sender, instance, created, update_fields, **kwargs):
    """A live page created or saved whole outside the publish workflow (an
    import, the demo loader, a script). A draft saved beside a live page names
    its fields (Wagtail's ``save_revision``) and changes nothing public."""
    if (
        isinstance(instance, Page)
        and instance.live
        and (created or update_fields is None)
    ):
        site_content_changed()


@receiver(post_delete)
def rebuild_after_page_deletion(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        site_content_changed()
