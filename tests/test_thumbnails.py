from io import BytesIO
from pathlib import PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forums.images import THUMBNAIL_SIZE

from .factories import PostFactory
from .images import image_upload

pytestmark = pytest.mark.django_db


def test_cover_gets_a_fixed_size_thumbnail_and_its_dimensions():
    post = PostFactory(cover=image_upload(size=(2000, 900)))

    assert (post.cover_width, post.cover_height) == (2000, 900)
    with Image.open(post.cover_thumbnail.path) as thumb:
        assert thumb.size == THUMBNAIL_SIZE
        assert thumb.format == "JPEG"


def test_thumbnail_is_remade_when_the_cover_changes_and_kept_otherwise():
    post = PostFactory(cover=image_upload("lama.jpg"))
    first = post.cover_thumbnail.name

    post.title = "Judul baru"
    post.save()
    assert post.cover_thumbnail.name == first

    post.cover = image_upload("baru.png", fmt="PNG")
    post.save()
    assert post.cover_thumbnail.name != first
    assert PurePosixPath(post.cover_thumbnail.name).stem == PurePosixPath(post.cover.name).stem


def test_exif_orientation_is_applied_to_thumbnails():
    # Left half red, right half blue, stored sideways: upright, red is on top.
    image = Image.new("RGB", (900, 600), (255, 0, 0))
    image.paste((0, 0, 255), (450, 0, 900, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    post = PostFactory(cover=SimpleUploadedFile("miring.jpg", buffer.getvalue()))

    with Image.open(post.cover_thumbnail.path) as thumb:
        top_left, top_right = thumb.getpixel((10, 10)), thumb.getpixel((470, 10))
        bottom_left = thumb.getpixel((10, 310))
    assert top_left[0] > 200 and top_right[0] > 200  # the whole top row is one colour
    assert bottom_left[2] > 200 and bottom_left[0] < 60


def test_post_without_cover_has_no_thumbnail():
    assert not PostFactory().cover_thumbnail


def test_a_photo_saved_from_content_keeps_its_size_in_the_row(media_in_tmp):
    # As the demo content saves its pictures: FieldFile.save with content. Django leaves
    # the size fields empty then, and every later load would open the file to measure it.
    from activities.demo.pictures import illustration
    from activities.models import ProgressPhoto

    from .factories import ProgressReportFactory

    photo = ProgressPhoto(report=ProgressReportFactory(), caption="Dinding")
    photo.image.save("dinding.jpg", illustration("hall", "seed", 50), save=False)
    photo.save()
    post = PostFactory()
    post.cover.save("sampul.jpg", illustration("hall", "seed", 10), save=False)
    post.save()

    assert ProgressPhoto.objects.filter(pk=photo.pk).values_list("width", "height").get() == (
        1200,
        800,
    )
    assert type(post).objects.filter(pk=post.pk).values_list(
        "cover_width", "cover_height"
    ).get() == (1200, 800)
