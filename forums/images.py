"""Photos as the portal keeps them: checked uploads, thumbnails, and their stored names.

Lists never show full-size photos; every photo model keeps a thumbnail of a fixed
size, so templates can give width and height without reading the file. Every kept
copy, photo or thumbnail, holds pixels only (see ``_pixels_only``).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from .photo_evidence import difference_hash, gps_position

THUMBNAIL_SIZE = (480, 320)
SRGB = ImageCms.createProfile("sRGB")


def _in_srgb(image):
    """The pixels as they look in sRGB, when the image carries another colour profile.

    The profile is dropped from the kept copy; without this conversion a photo taken
    in Display P3 or Adobe RGB would look dull. An unreadable profile is ignored.
    """
    icc_profile = image.info.get("icc_profile")
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(image, source, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        converted = image.copy()
    converted.info.pop("icc_profile", None)  # it described the pixels before conversion
    return converted


def _rgb(image):
    """``image`` in sRGB, as RGB or greyscale: what a JPEG holds."""
    image = _in_srgb(image)
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def _pixels_only(image):
    """A new image holding ``image``'s pixels and nothing else.

    Pillow carries what it read (``info``: JPEG comment, EXIF, XMP, ICC profile, PNG
    text chunks) into the next save, so a re-encode alone keeps a JPEG comment, and a
    PNG ``comment`` text chunk becomes one. Rebuilding from the raw pixels leaves
    nothing to carry. Orientation is already applied to the pixels by then.
    """
    image = _rgb(image)
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _jpeg(image, quality):
    buffer = BytesIO()
    _pixels_only(image).save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def make_thumbnail(image_file, size=THUMBNAIL_SIZE):
    """A JPEG of exactly ``size``, upright (EXIF orientation applied) and cropped to fit."""
    image_file.open("rb")
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(_rgb(image), size, Image.Resampling.LANCZOS)
        return ContentFile(_jpeg(image, quality=82))


# --- Stored names --------------------------------------------------------------------

IMAGE_SUFFIXES = {".jpg": ".jpg", ".jpeg": ".jpg", ".png": ".png", ".webp": ".webp"}


@deconstructible
class RandomName:
    """``upload_to`` giving every stored file a random name in ``directory``.

    The uploaded name never reaches the disk (it may say where or whose a photo is),
    and names cannot be guessed. Only a known image suffix is kept, so a file is never
    stored as, say, ``.html``. ``directory`` also tells the media view
    (``ks_portal/media.py``) which records may own a file.
    """

    def __init__(self, directory):
        self.directory = directory.strip("/")

    def stem(self, filename):
        return uuid.uuid4().hex

    def __call__(self, instance, filename):
        suffix = IMAGE_SUFFIXES.get(PurePosixPath(filename).suffix.lower(), "")
        return f"{self.directory}/{timezone.localdate():%Y/%m}/{self.stem(filename)}{suffix}"


@deconstructible
class ThumbnailName(RandomName):
    """``upload_to`` of a thumbnail: its photo's stem (itself random), so that
    ``refresh_thumbnail`` sees which photo a thumbnail was made from."""

    def stem(self, filename):
        return PurePosixPath(filename).stem


def _keep_dimensions(source):
    """Store the photo's size in its model's width and height fields when they are empty.

    Django measures a file saved with ``FieldFile.save`` from the content it was given,
    which the storage has read to the end by then, and so leaves the fields empty; every
    later load of the row then opens the stored file to measure it again (a request to
    the bucket per photo per page drawn). Measured here once, from the stored file.
    """
    field, instance = source.field, source.instance
    names = [name for name in (field.width_field, field.height_field) if name]
    if not names or all(getattr(instance, name) for name in names):
        return
    with source.storage.open(source.name, "rb") as stored:
        width, height = get_image_dimensions(stored)
    if field.width_field:
        setattr(instance, field.width_field, width)
    if field.height_field:
        setattr(instance, field.height_field, height)


def thumbnail_stem(image_name):
    return PurePosixPath(image_name).stem


def refresh_thumbnail(source, thumbnail):
    """Make ``thumbnail`` (an ImageFieldFile) from ``source`` when missing or stale, and
    give ``source``'s width and height fields their values when they have none.

    Call before saving the model; returns True when a new thumbnail was made.
    """
    if not source:
        if thumbnail:
            thumbnail.delete(save=False)
        return False
    if not source._committed:
        # Store a new upload now (as the model's save would) so that it has its random
        # name, which the thumbnail's name repeats.
        source.save(source.name, source.file, save=False)
    _keep_dimensions(source)
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
    # Evidence read from the original, kept in the database and never in the file.
    gps_latitude: Decimal | None = None
    gps_longitude: Decimal | None = None
    image_hash: str = ""


def _capture_time(image):
    exif = image.getexif()
    return parse_capture_time(
        exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
    )


def parse_capture_time(raw):
    """An EXIF date and time ("2018:10:22 09:30:00") as an aware datetime, else None."""
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
    ``MAX_SIDE`` pixels long, in sRGB, re-encoded from its pixels alone: no EXIF
    (so no GPS position), comment, XMP, ICC profile or text chunk reaches the public.
    The capture time and GPS position are read first and returned with a perceptual
    hash of the picture (``forums.photo_evidence``), to be stored as evidence.
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
            latitude, longitude = gps_position(image)
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            image_hash = difference_hash(image)
            content = _jpeg(image, quality=85)
            size = image.size
    except PhotoRejected:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoRejected(_("The file is not a photo the portal can read.")) from error
    finally:
        upload.seek(0)
    return ProcessedPhoto(ContentFile(content), taken_at, *size, latitude, longitude, image_hash)
