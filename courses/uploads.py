"""Checking uploaded evidence files: size, extension and actual content; and
removing what a photo says about the person who took it.

The extension a browser sends is not trusted on its own: the first bytes must
match (images are opened with Pillow, PDFs start with %PDF-, spreadsheets are
ZIP files, CSV must be UTF-8 text).

Photos carry EXIF metadata: where they were taken (GPS), the camera and often
its serial number, the time, the owner's name. A citizen scientist's location
is personal data, so ``without_metadata`` writes every photo again with none of
it (the pixels turned upright first, as the EXIF orientation asked), unless the
activity collects georeferenced observations, in which case the location alone
is kept.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from courses.choices import EvidenceKind

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
DOCUMENT_TYPES = {".pdf": "application/pdf"}
DATA_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
TYPES_BY_KIND = {
    EvidenceKind.PHOTO: IMAGE_TYPES,
    EvidenceKind.FILE: {**DOCUMENT_TYPES, **IMAGE_TYPES},
    EvidenceKind.DATA: DATA_TYPES,
}

FILE_TOO_LARGE = _(
    "The file is %(size)s; the limit is %(limit)s. Please upload a smaller file."
)
FILE_EMPTY = _("The file is empty.")
FILE_TYPE_NOT_ALLOWED = _(
    "This activity accepts %(types)s files; %(name)s is not one of them."
)
IMAGE_TOO_LARGE = _(
    "%(name)s is too large an image: at most %(limit)s million pixels are "
    "accepted. Please make it smaller (for example, share it from your phone as "
    "a smaller photo) and try again."
)
# Pillow warns above this many pixels and refuses twice as many (a "decompression
# bomb": a small file that would take gigabytes of memory to open).
MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
FILE_CONTENT_MISMATCH = _(
    "%(name)s does not look like a %(ext)s file. Please check the file and try again."
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int


def allowed_extensions(kinds) -> dict[str, str]:
    allowed: dict[str, str] = {}
    for kind in kinds:
        allowed.update(TYPES_BY_KIND.get(kind, {}))
    return allowed


def check_upload(upload, *, kinds) -> CheckedFile:
    """Validate an uploaded file for an activity expecting ``kinds`` of evidence."""
    name = PurePath(upload.name or "upload").name[:200]
    extension = PurePath(name).suffix.lower()
    allowed = allowed_extensions(kinds)
    limit = settings.ACADEMY_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if upload.size == 0:
        raise ValidationError(FILE_EMPTY, code="file_empty")
    if extension not in allowed:
        raise ValidationError(
            FILE_TYPE_NOT_ALLOWED,
            code="file_type",
            params={
                "types": ", ".join(sorted({e.lstrip(".").upper() for e in allowed}))
                or "—",
                "name": name,
            },
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if extension in IMAGE_TYPES and _too_many_pixels(upload):
        raise ValidationError(
            IMAGE_TOO_LARGE,
            code="image_too_large",
            params={"name": name, "limit": MAX_IMAGE_PIXELS // 1_000_000},
        )
    upload.seek(0)
    if not _content_matches(extension, head, upload):
        raise ValidationError(
            FILE_CONTENT_MISMATCH,
            code="file_content",
            params={"name": name, "ext": extension.lstrip(".").upper()},
        )
    upload.seek(0)
    return CheckedFile(name=name, content_type=allowed[extension], size=upload.size)


def without_metadata(upload, checked: CheckedFile, *, keep_location: bool = False):
    """The upload to store: a photo written again without its metadata (EXIF,
    XMP, text chunks), keeping only its GPS location if ``keep_location``;
    any other file as it is. Returns ``(file, size)``."""
    if not is_photo(checked.content_type):
        return upload, checked.size
    upload.seek(0)
    with Image.open(upload) as original:
        image_format = original.format
        icc_profile = original.info.get("icc_profile")
        location = original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        image = ImageOps.exif_transpose(original)
        image.load()
    exif = Image.Exif()
    if keep_location and location:
        exif[ExifTags.IFD.GPSInfo] = dict(location)
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if len(exif):
        options["exif"] = exif.tobytes()
    if image_format == "JPEG":
        options.update(quality=92, optimize=True)
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
    elif image_format == "WEBP":
        options.update(quality=92)
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=checked.name), buffer.tell()


PREVIEW_SIZE = (960, 960)


def is_photo(content_type: str) -> bool:
    return content_type in IMAGE_TYPES.values()


def photo_preview(file) -> bytes:
    """A JPEG at most ``PREVIEW_SIZE``, upright, without metadata."""
    with Image.open(file) as original:
        original.draft("RGB", PREVIEW_SIZE)  # JPEG: decode at a smaller scale
        image = ImageOps.exif_transpose(original)
        image.thumbnail(PREVIEW_SIZE)
        if image.mode != "RGB":
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def _too_many_pixels(upload) -> bool:
    """Read only the header: does the image claim more pixels than we accept?"""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False  # not an image: the content check says so
    return width * height > MAX_IMAGE_PIXELS


def _content_matches(extension: str, head: bytes, upload) -> bool:
    if extension in IMAGE_TYPES:
        try:
            with Image.open(io.BytesIO(upload.read())) as image:
                image.verify()
                return (image.format or "").lower() in {"jpeg", "png", "webp"}
        except (UnidentifiedImageError, OSError, SyntaxError):
            return False
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension in {".xlsx", ".ods"}:
        return head.startswith(b"PK\x03\x04")
    if extension == ".csv":
        if b"\x00" in head:
            return False
        try:
            upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return True
    return False
