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

Previews (``preview_image``) are small JPEGs written by us: a photo made
small, or the first page of a PDF drawn by poppler's ``pdftoppm`` in a
separate process with a time limit (decision 0041).
"""

import contextlib
import hashlib
import io
import logging
import resource
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from courses.choices import EvidenceKind

logger = logging.getLogger(__name__)

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
    "%(name)s is %(size)s; the limit is %(limit)s. Please upload a smaller file."
)
FILE_EMPTY = _("%(name)s is empty.")
# Several files in one submission (an activity's "maximum files").
FILES_DEFAULT = 5
FILES_CAP = 10
TOO_MANY_FILES = _(
    "This activity accepts at most %(max)s files at a time; you chose %(count)s. "
    "Choose fewer files and submit again."
)
FILES_TOO_LARGE_TOGETHER = _(
    "Together your files are %(size)s; one submission can hold at most "
    "%(limit)s. Send fewer or smaller files."
)
FILE_CHOSEN_TWICE = _("%(name)s is the same file as %(other)s. Choose it only once.")
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
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )
    if upload.size == 0:
        raise ValidationError(FILE_EMPTY, code="file_empty", params={"name": name})
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


def check_uploads(uploads, *, kinds, max_files: int) -> list[CheckedFile]:
    """Validate the files of one submission: how many, their total size, each
    file as ``check_upload`` does, and none chosen twice. Every problem is
    reported at once, each naming its file; raises before anything is stored."""
    max_files = max(1, min(max_files or FILES_DEFAULT, FILES_CAP))
    if len(uploads) > max_files:
        raise ValidationError(
            TOO_MANY_FILES,
            code="too_many_files",
            params={"max": max_files, "count": len(uploads)},
        )
    total = sum(upload.size for upload in uploads)
    limit = settings.ACADEMY_EVIDENCE_MAX_TOTAL_BYTES
    if total > limit:
        raise ValidationError(
            FILES_TOO_LARGE_TOGETHER,
            code="files_too_large",
            params={"size": filesizeformat(total), "limit": filesizeformat(limit)},
        )
    checked: list[CheckedFile] = []
    errors: list[ValidationError] = []
    seen: dict[str, str] = {}
    for upload in uploads:
        try:
            one = check_upload(upload, kinds=kinds)
        except ValidationError as error:
            errors.append(error)
            continue
        digest = sha256_of(upload)
        if digest in seen:
            errors.append(
                ValidationError(
                    FILE_CHOSEN_TWICE,
                    code="file_twice",
                    params={"name": one.name, "other": seen[digest]},
                )
            )
        seen.setdefault(digest, one.name)
        checked.append(one)
    if len(errors) == 1:
        raise errors[0]  # keeps its code
    if errors:
        raise ValidationError(errors)
    return checked


def sha256_of(file) -> str:
    """The SHA-256 of a file's bytes, read in chunks; the file is rewound."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


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
# Worst case for a PDF's first page: pdftoppm is stopped after this long, and
# may use at most this much memory.
PDF_PREVIEW_MEMORY = 768 * 1024 * 1024


def is_photo(content_type: str) -> bool:
    return content_type in IMAGE_TYPES.values()


def is_pdf(content_type: str) -> bool:
    return content_type == DOCUMENT_TYPES[".pdf"]


def has_preview(content_type: str) -> bool:
    """Files that get a preview image: photos and PDFs."""
    return is_photo(content_type) or is_pdf(content_type)


def preview_image(file, content_type: str) -> bytes | None:
    """The preview of an evidence file (a JPEG at most ``PREVIEW_SIZE``), or
    None if there is none: a damaged photo, an encrypted or malformed PDF, a
    PDF that takes too long, or ``pdftoppm`` missing. Never raises for what a
    file contains."""
    try:
        if is_photo(content_type):
            return photo_preview(file)
        if is_pdf(content_type):
            return pdf_first_page(file)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        logger.warning("No preview for an evidence file: %s", error)
    return None


def pdf_first_page(file) -> bytes | None:
    """The first page of a PDF as a preview JPEG, drawn by poppler's
    ``pdftoppm`` in its own process: scaled to fit ``PREVIEW_SIZE`` whatever
    size the page claims, stopped after ``ACADEMY_EVIDENCE_PREVIEW_SECONDS``,
    its memory limited. None if it fails (encrypted, malformed) or is missing."""
    executable = shutil.which("pdftoppm")
    if executable is None:
        logger.warning("pdftoppm is not installed: PDF evidence gets no preview.")
        return None
    with tempfile.TemporaryDirectory(prefix="evidence-preview-") as folder:
        source, target = Path(folder) / "evidence.pdf", Path(folder) / "page"
        with source.open("wb") as out:
            file.seek(0)
            shutil.copyfileobj(file, out, 1024 * 1024)
        command = [
            executable,
            "-f", "1", "-l", "1", "-singlefile",
            "-scale-to", str(max(PREVIEW_SIZE)),
            "-jpeg", "-jpegopt", "quality=85",
            str(source), str(target),
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 (fixed executable, our own paths)
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=folder,
        )
        _limit_memory(process.pid)
        try:
            _out, errors = process.communicate(
                timeout=settings.ACADEMY_EVIDENCE_PREVIEW_SECONDS
            )
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            logger.warning("pdftoppm took too long: no preview for this PDF.")
            return None
        page = target.with_suffix(".jpg")
        if process.returncode != 0 or not page.exists():
            logger.info(
                "pdftoppm could not draw a PDF (%s): no preview.",
                errors.decode("utf-8", "replace")[:200].strip(),
            )
            return None
        with page.open("rb") as drawn:
            return photo_preview(drawn)


def _limit_memory(pid: int) -> None:
    """Linux: cap the address space of the renderer (a hostile PDF can ask
    for gigabytes). Elsewhere the time limit alone applies."""
    if hasattr(resource, "prlimit"):
        with contextlib.suppress(OSError, ValueError):  # already finished
            resource.prlimit(
                pid, resource.RLIMIT_AS, (PDF_PREVIEW_MEMORY, PDF_PREVIEW_MEMORY)
            )


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
