"""Image renditions made with Pillow: small thumbnails for lists and cards.

Lists never show full-size photos; every photo model keeps a thumbnail of a fixed
size, so templates can give width and height without reading the file.
"""

import datetime
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 320)


def make_thumbnail(image_file, size=THUMBNAIL_SIZE):
    """A JPEG of exactly ``size``, upright (EXIF orientation applied) and cropped to fit."""
    image_file.open("rb")
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def thumbnail_stem(image_name):
    return PurePosixPath(image_name).stem


def refresh_thumbnail(source, thumbnail):
    """Make ``thumbnail`` (an ImageFieldFile) from ``source`` when missing or stale.

    Call before saving the model; returns True when a new thumbnail was made.
    """
    if not source:
        if thumbnail:
            thumbnail.delete(save=False)
        return False
    stem = thumbnail_stem(source.name)
    if thumbnail and thumbnail_stem(thumbnail.name).startswith(stem):
        return False
    thumbnail.save(f"{stem}.jpg", make_thumbnail(source), save=False)
    return True


# --- Uploaded photos ---------------------------------------------------------------

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels; anything larger is refused before decoding
MAX_SIDE = 2400  # public copies are scaled down to this on their longest side
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_DATETIME = 0x0132
EXIF_IFD = 0x8769


class PhotoRejected(ValueError):
    """An upload that is not an acceptable photo; the message is for the user."""


@dataclass
class ProcessedPhoto:
    content: ContentFile
    taken_at: datetime.datetime | None
    width: int
    height: int


def _capture_time(image):
    exif = image.getexif()
    raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    if not raw:
        return None
    try:
        naive = datetime.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # Cameras record local time without a zone; the programme's photos are taken in Indonesia.
    return timezone.make_aware(naive, timezone.get_default_timezone())


def process_photo(upload):
    """Check an uploaded file is a real photo and make the copy the portal keeps.

    The file is recognised by its content (Pillow), not its name. Too large files
    and images with too many pixels (decompression bombs) are refused before
    decoding. The kept copy is upright (EXIF orientation applied), at most
    ``MAX_SIDE`` pixels long, re-encoded without any metadata, so GPS positions
    never reach the public; the capture time is returned to be stored as evidence.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise PhotoRejected(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024**2}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise PhotoRejected(_("Only JPEG, PNG or WebP photos are accepted."))
            if width * height > MAX_PIXELS:
                raise PhotoRejected(
                    _("The image has too many pixels (%(width)s × %(height)s).")
                    % {"width": width, "height": height}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            taken_at = _capture_time(image)
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = BytesIO()
            image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
            size = image.size
    except PhotoRejected:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoRejected(_("The file is not a photo the portal can read.")) from error
    finally:
        upload.seek(0)
    return ProcessedPhoto(ContentFile(buffer.getvalue()), taken_at, *size)
