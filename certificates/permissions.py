"""Who may do what with a certificate (decision 0026).

A certificate is managed (issued, revoked, re-issued, its PDF downloaded, shown
in the admin's register) by whoever manages its cohort: the cohort rule of
``courses/permissions.py``. A certificate of no cohort is managed by those who
manage every cohort. Its learner may download its PDF. Site views, services,
the API and the register's Wagtail permission policy ask these functions;
querysets use ``Certificate.objects.managed_by``.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from courses.permissions import may_manage_cohort


def may_manage_certificate(user, certificate) -> bool:
    return may_manage_cohort(user, certificate.cohort)


def may_download(user, certificate) -> bool:
    return certificate.learner_id == user.pk or may_manage_certificate(
        user, certificate
    )


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """The read-only register (decision 0017): ``view`` only, narrowed to the
    certificates the user manages."""

    def user_has_permission(self, user, action) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and may_manage_certificate(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        certificates = self.model._default_manager
        if not self.user_has_any_permission(user, actions):
            return certificates.none()
        return certificates.managed_by(user)


certificate_permission_policy = CertificatePermissionPolicy("certificates.Certificate")
