"""Image renditions made with Pillow: small thumbnails for lists and cards.

Lists never show full-size photos; every photo model keeps a thumbnail of a fixed
size, so templates can give width and height without reading the file.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
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
