"""Files served from private storage as downloads, one way everywhere."""

from django.http import FileResponse


def private_attachment(
    handle, *, filename: str, content_type: str, cache_control="private, no-store"
) -> FileResponse:
    """An open file as an attachment for the signed-in person who may have it:
    never sniffed into another type, never kept by shared caches."""
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response
