"""Background tasks: thin wrappers that load by id and call a service."""

from django_tasks import task


@task()
def render_certificate(certificate_id: int) -> None:
    from certificates.services import certificate_render

    certificate_render(certificate_id=certificate_id)
