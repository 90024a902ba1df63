"""Writes for the site shell: roles and the moderation workflow."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

TRAINERS = "Trainers"
EDITORS = "Editors"
TRAINER_REVIEW = "Trainer review"
EDITOR_APPROVAL = "Editor approval"

FRAMEWORK_MODELS = ["competencydomain", "competency", "partnerorganisation"]


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_perms(group: Group, root: Page, codenames: list[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=_perm("wagtailcore", codename)
        )


def _collection_perms(group: Group, codenames: list[tuple[str, str]]) -> None:
    root = Collection.get_first_root_node()
    for app_label, codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=_perm(app_label, codename)
        )


@transaction.atomic
def academy_roles_setup() -> Workflow:
    """Create the Trainers and Editors roles and the "Trainer review" workflow.

    Trainers author pages and the competency framework, submit pages for
    moderation (they cannot publish) and manage the cohorts they run. Editors
    approve and publish, manage every cohort and the certificate templates. Every page
    goes through the workflow before it is published. Idempotent.
    """
    root = Page.get_first_root_node()
    trainers, _created = Group.objects.get_or_create(name=TRAINERS)
    editors, _created = Group.objects.get_or_create(name=EDITORS)

    admin_access = _perm("wagtailadmin", "access_admin")
    media = [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ]
    framework_author = [
        _perm("courses", f"{action}_{model}")
        for model in FRAMEWORK_MODELS
        for action in ("add", "change")
    ]
    translate = _perm("wagtail_localize", "submit_translation")

    cohorts = [_perm("courses", f"{a}_cohort") for a in ("add", "change", "view")]
    # The certificate register is read-only; certificates/wagtail_hooks.py.
    certificates = _perm("certificates", "view_certificate")
    trainers.permissions.add(
        admin_access, translate, *framework_author, *cohorts, certificates
    )
    _page_perms(trainers, root, ["add_page", "change_page"])
    _collection_perms(trainers, media)

    framework_all = [
        _perm("courses", f"{action}_{model}")
        for model in FRAMEWORK_MODELS
        for action in ("add", "change", "delete")
    ]
    editors.permissions.add(
        admin_access,
        translate,
        *framework_all,
        *cohorts,
        _perm("courses", "delete_cohort"),
        _perm("courses", "manage_all_cohorts"),
        certificates,
        _perm("cms", "change_academysettings"),
        *[
            _perm("cms", f"{action}_certificatetemplate")
            for action in ("add", "change", "delete")
        ],
    )
    _page_perms(
        editors,
        root,
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    )
    _collection_perms(
        editors,
        [*media, ("wagtailimages", "change_image"), ("wagtaildocs", "change_document")],
    )

    task = GroupApprovalTask.objects.filter(name=EDITOR_APPROVAL).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=EDITOR_APPROVAL)
    task.groups.add(editors)
    workflow, _created = Workflow.objects.get_or_create(
        name=TRAINER_REVIEW, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's own starter workflow is replaced, not kept alongside.
    Workflow.objects.filter(
        name="Moderators approval", workflow_pages__isnull=True
    ).update(active=False)
    return workflow


TRANSLATION_NOT_A_TRANSLATION = _(
    "This page is not a translation made in the admin; submit it from its editor."
)
TRANSLATION_IN_REVIEW = _("This translation is already waiting for review.")
TRANSLATION_NO_WORKFLOW = _(
    "No review workflow applies to this page: whoever can publish it publishes it."
)
TRANSLATION_NOTHING_NEW = _(
    "This translation has no change since it was published; there is nothing to review."
)


def is_translation(page: Page) -> bool:
    """A page wagtail-localize made as the translation of another."""
    from wagtail_localize.models import Translation  # noqa: PLC0415 (app loading)

    return Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).exists()


@transaction.atomic
def translation_submit_for_review(*, page: Page, user) -> WorkflowState:
    """Put a translated page's latest draft into its review workflow (the
    Trainer review, as for any page): it goes live when an editor approves it.

    wagtail-localize's translation editor only offers "Publish" and "Save
    draft"; this is the "Submit for moderation" it lacks (issue 18).
    """
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    if not is_translation(page):
        raise ValidationError(TRANSLATION_NOT_A_TRANSLATION, code="not_translation")
    if page.workflow_in_progress:
        raise ValidationError(TRANSLATION_IN_REVIEW, code="in_review")
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(TRANSLATION_NO_WORKFLOW, code="no_workflow")
    if page.live and not page.has_unpublished_changes:
        raise ValidationError(TRANSLATION_NOTHING_NEW, code="nothing_new")
    if page.latest_revision is None:
        page.save_revision(user=user)
    return workflow.start(page, user)
