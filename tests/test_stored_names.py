"""Stored file names are random: an uploaded name never reaches the disk or a URL."""

import re
from pathlib import PurePosixPath

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from activities.models import ProgressReport
from forums.images import RandomName, ThumbnailName
from forums.uploads import store_upload

from .factories import (
    ActivityFactory,
    ForumFactory,
    PostFactory,
    PostPhotoFactory,
    formset_data,
    staff_user,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

RANDOM_STEM = re.compile(r"^[0-9a-f]{32}$")


def stems(*files):
    return [PurePosixPath(stored.name).stem for stored in files]


def test_two_uploads_of_the_same_name_get_different_random_names(client):
    client.force_login(staff_user("operator", regencies=["13.72"]))
    activity = ActivityFactory(forum=ForumFactory())
    for token in ("token-1", "token-2"):
        data = {
            "activity": activity.pk,
            "reported_on": "2018-10-22",
            "percent": "60",
            "note": "",
            "submission_token": token,
            **formset_data("photos", [{"image": image_upload("my-village.jpg"), "caption": ""}]),
        }
        assert client.post(reverse("staff_progress_create"), data).status_code == 302

    first, second = (report.photos.get() for report in ProgressReport.objects.order_by("pk"))
    names = [first.image.name, second.image.name, first.thumbnail.name, second.thumbnail.name]
    assert not [name for name in names if "my-village" in name]
    assert first.image.name != second.image.name
    assert all(RANDOM_STEM.match(stem) for stem in stems(first.image, second.image))
    assert [name.endswith(".jpg") for name in names] == [True] * 4
    # A thumbnail repeats its photo's random stem: that is how it is known to be current.
    assert stems(first.thumbnail, second.thumbnail) == stems(first.image, second.image)


def test_photos_uploaded_ahead_of_their_form_get_random_temporary_names():
    upload = store_upload(
        staff_user("operator", regencies=["13.72"]), image_upload("my-village.jpg")
    )

    files = [upload.image, upload.thumbnail]
    assert not [stored.name for stored in files if "my-village" in stored.name]
    assert all(RANDOM_STEM.match(stem) for stem in stems(*files))
    assert upload.image.name.startswith("uploads/temporary/")
    assert stems(upload.thumbnail) == stems(upload.image)


def test_news_cover_and_gallery_names_are_random():
    post = PostFactory(cover=image_upload("my-village.png", fmt="PNG"))
    photo = PostPhotoFactory(post=post, image=image_upload("my-village.jpg"))

    files = [post.cover, post.cover_thumbnail, photo.image, photo.thumbnail]
    assert not [stored.name for stored in files if "my-village" in stored.name]
    assert all(RANDOM_STEM.match(stem) for stem in stems(*files))
    assert post.cover.name.startswith("posts/covers/") and post.cover.name.endswith(".png")


def test_every_upload_field_names_its_files_at_random():
    upload_fields = {
        f"{model._meta.label}.{field.name}": field.upload_to
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert "activities.ProgressPhoto.image" in upload_fields
    assert [
        label for label, upload_to in upload_fields.items() if not isinstance(upload_to, RandomName)
    ] == []


@pytest.mark.parametrize(
    ("uploaded", "suffix"),
    [("Foto Desa.JPEG", ".jpg"), ("peta.PNG", ".png"), ("a.webp", ".webp"), ("x.html", "")],
)
def test_only_an_image_suffix_is_kept(uploaded, suffix):
    name = RandomName("progress")(None, uploaded)
    assert PurePosixPath(name).suffix == suffix
    assert name.startswith("progress/") and "Foto" not in name


def test_a_thumbnail_name_repeats_its_photos_stem():
    assert ThumbnailName("progress/thumbs")(None, "0123abcd.jpg").endswith("/0123abcd.jpg")
