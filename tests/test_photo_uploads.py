"""Uploaded photos: recognised by content, limited in size and pixels, cleaned of GPS."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from forums import images
from forums.fields import PhotoField
from forums.images import PhotoRejected, process_photo

from .images import image_upload

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def english_messages():
    # The messages are checked in their English source; users read them in Indonesian.
    with translation.override("en"):
        yield


def photo_with_exif(size=(1600, 1200), orientation=None, taken="2018:10:22 09:30:00"):
    exif = Image.Exif()
    exif.get_ifd(images.EXIF_IFD)[images.EXIF_DATETIME_ORIGINAL] = taken
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (0.0, 47.0, 30.0), 3: "E", 4: (100.0, 39.0, 0.0)})
    if orientation:
        exif[0x0112] = orientation
    return image_upload("lapangan.jpg", size=size, exif=exif)


def test_gps_is_stripped_and_capture_time_kept():
    photo = process_photo(photo_with_exif())

    with Image.open(photo.content) as kept:
        assert kept.format == "JPEG"
        assert not kept.getexif().get_ifd(GPS_IFD)
        assert len(kept.getexif()) == 0
    expected = timezone.make_aware(datetime.datetime(2018, 10, 22, 9, 30))
    assert photo.taken_at == expected


def test_orientation_is_applied_to_the_kept_copy():
    photo = process_photo(photo_with_exif(size=(1600, 1200), orientation=6))
    assert (photo.width, photo.height) == (1200, 1600)


def test_large_photos_are_scaled_down():
    photo = process_photo(image_upload(size=(4000, 3000)))
    assert max(photo.width, photo.height) == images.MAX_SIDE


def test_png_is_accepted_and_kept_as_jpeg():
    photo = process_photo(image_upload("peta.png", fmt="PNG"))
    assert photo.taken_at is None
    assert Image.open(photo.content).format == "JPEG"


def test_a_text_file_named_like_a_photo_is_refused():
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(PhotoRejected, match="not a photo"):
        process_photo(fake)


def test_decompression_bombs_are_refused_before_decoding():
    buffer = BytesIO()
    Image.new("1", (9000, 5000)).save(buffer, "PNG")  # 45 MP, a few kilobytes on disk
    bomb = SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")
    assert bomb.size < 100_000
    with pytest.raises(PhotoRejected, match="too many pixels"):
        process_photo(bomb)


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(PhotoRejected, match="too large"):
        process_photo(image_upload())


def test_gif_is_refused():
    buffer = BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    with pytest.raises(PhotoRejected, match="JPEG, PNG or WebP"):
        process_photo(SimpleUploadedFile("anim.gif", buffer.getvalue()))


def test_photo_field_gives_a_clean_jpeg_with_its_capture_time():
    cleaned = PhotoField().clean(photo_with_exif())
    assert cleaned.name == "lapangan.jpg"
    assert cleaned.taken_at.year == 2018
    assert not Image.open(cleaned).getexif().get_ifd(GPS_IFD)


def test_photo_field_error_is_a_validation_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        PhotoField().clean(SimpleUploadedFile("x.jpg", b"not an image"))
    assert error.value.code == "invalid_image"
