"""Staff news pages: /staff/news/ with cover, gallery and linked activities."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from forums import images
from forums.models import Post, PostPhoto, State, Village
from forums.staff.submission import version_of

from .factories import (
    TANAH_GARAM,
    ActivityFactory,
    ForumFactory,
    PostFactory,
    PostPhotoFactory,
    formset_data,
    staff_user,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
BAUBAU = "74.72"
BAUBAU_VILLAGE = "74.72.01.1007"
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def forum():
    return ForumFactory()


def baubau_forum():
    return ForumFactory(village=Village.objects.get(code=BAUBAU_VILLAGE))


def photo_with_gps(name="seminar.jpg"):
    exif = Image.Exif()
    exif.get_ifd(images.EXIF_IFD)[images.EXIF_DATETIME_ORIGINAL] = "2018:10:22 09:30:00"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (0.0, 47.0, 30.0), 3: "E", 4: (100.0, 39.0, 0.0)})
    return image_upload(name, exif=exif)


def post_data(forum=None, photos=(), token="token-1", initial=0, **fields):
    data = {
        "title": "Seminar Kerukunan di Tanah Garam",
        "slug": "",
        "category": "activity",
        "summary": "FKS Tanah Garam mengadakan seminar.",
        "body": "<p>Isi <strong>berita</strong>.</p>",
        "cover_caption": "",
        "event_date": "2018-10-22",
        "venue": "Aula kelurahan",
        "forum": forum.pk if forum else "",
        "regency": "",
        "submission_token": token,
        **fields,
    }
    data.update(formset_data("photos", list(photos), initial=initial))
    return data


def create(client, data):
    return client.post(reverse("staff_post_create"), data)


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("staff_post_create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_verifier_cannot_create(client, forum):
    client.force_login(staff_user("verifier", province="13"))
    assert client.get(reverse("staff_post_create")).status_code == 403
    assert create(client, post_data(forum)).status_code == 403
    assert not Post.objects.exists()


def test_list_shows_only_the_users_regions(client, operator):
    PostFactory(regency_id=SOLOK, title="Berita Solok")
    PostFactory(regency_id=BAUBAU, title="Berita Baubau")
    PostFactory(title="Berita nasional")  # no region: administrators only
    client.force_login(operator)
    response = client.get(reverse("staff_post_list"))
    assert [post.title for post in response.context["records"]] == ["Berita Solok"]


def test_list_filters_by_category_and_forum(client, operator, forum):
    PostFactory(regency_id=SOLOK, forum=forum, title="A", category=Post.Category.DIALOGUE)
    PostFactory(regency_id=SOLOK, title="B")
    client.force_login(operator)
    url = reverse("staff_post_list")
    assert [p.title for p in client.get(url, {"category": "dialogue"}).context["records"]] == ["A"]
    assert [p.title for p in client.get(url, {"forum": forum.pk}).context["records"]] == ["A"]


def test_list_runs_a_fixed_number_of_queries(client, operator, forum):
    client.force_login(operator)
    author = staff_user("operator", regencies=[SOLOK])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("staff_post_list")).status_code == 200
        return len(captured)

    PostFactory(regency_id=SOLOK, forum=forum, author=author)
    few = queries()
    for _ in range(12):
        PostFactory(regency_id=SOLOK, forum=ForumFactory(), author=author)
    assert queries() == few


def test_operator_writes_a_post_with_cover_gallery_and_activities(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    client.force_login(operator)
    photos = [
        {"image": photo_with_gps("satu.jpg"), "caption": "Pembukaan", "position": "1"},
        {"image": image_upload("dua.png", fmt="PNG"), "caption": "Diskusi", "position": "2"},
    ]
    data = post_data(forum, photos, cover=photo_with_gps(), activities=[activity.pk])
    response = create(client, data)

    post = Post.objects.get()
    assert response["Location"] == reverse("staff_post_detail", args=[post.pk])
    assert (post.state, post.author, post.slug) == (
        State.DRAFT,
        operator,
        "seminar-kerukunan-di-tanah-garam",
    )
    assert (post.village_id, post.regency_id) == (TANAH_GARAM, SOLOK)
    assert list(post.activities.all()) == [activity]
    with Image.open(post.cover.path) as cover:
        assert not cover.getexif().get_ifd(GPS_IFD)
    assert post.cover_thumbnail
    assert list(post.photos.values_list("caption", flat=True)) == ["Pembukaan", "Diskusi"]
    assert all(photo.thumbnail for photo in post.photos.all())
    assert post.history.latest().history_user == operator


def test_slugs_are_made_unique(client, operator, forum):
    PostFactory(slug="seminar-kerukunan-di-tanah-garam")
    client.force_login(operator)
    create(client, post_data(forum))
    create(client, post_data(forum, token="token-2"))
    slugs = set(Post.objects.values_list("slug", flat=True))
    assert {"seminar-kerukunan-di-tanah-garam-2", "seminar-kerukunan-di-tanah-garam-3"} <= slugs


def test_the_address_comes_from_the_title_and_stays_when_the_title_is_corrected(
    client, operator, forum
):
    PostFactory(slug="berita-solok")
    client.force_login(operator)
    page = client.get(reverse("staff_post_create")).content.decode()
    assert 'name="slug"' not in page  # not a field staff fill in

    create(client, post_data(forum, slug="berita-solok"))  # a typed address is not taken
    post = Post.objects.exclude(slug="berita-solok").get()
    assert post.slug == "seminar-kerukunan-di-tanah-garam"
    post.title = "Seminar Kerukunan (diperbaiki)"
    post.save()
    post.refresh_from_db()
    assert post.slug == "seminar-kerukunan-di-tanah-garam"


def test_the_body_is_sanitised(client, operator, forum):
    client.force_login(operator)
    create(client, post_data(forum, body='<p onclick="x()">Teks</p><script>alert(1)</script>'))
    assert Post.objects.get().body == "<p>Teks</p>"


def test_help_text_names_the_kept_tags(client, operator):
    client.force_login(operator)
    content = client.get(reverse("staff_post_create")).content.decode()
    assert "blockquote, br, em" in content


def test_an_operator_post_needs_a_forum_or_a_regency(client, operator):
    client.force_login(operator)
    response = create(client, post_data(None))
    assert response.context["form"].errors["regency"] == [
        "Choose the forum, or the regency or city it is about."
    ]
    response = create(client, post_data(None, regency=SOLOK))
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.regency_id, post.village_id) == (SOLOK, None)


def test_administrators_may_write_national_news(client):
    client.force_login(staff_user("administrator"))
    assert create(client, post_data(None)).status_code == 302
    assert Post.objects.get().regency_id is None


def test_a_regency_outside_the_scope_is_refused(client, operator):
    client.force_login(operator)
    response = create(client, post_data(None, regency=BAUBAU))
    assert "regency" in response.context["form"].errors
    assert not Post.objects.exists()


def test_activities_outside_the_scope_are_refused(client, operator, forum):
    elsewhere = ActivityFactory(forum=baubau_forum())
    client.force_login(operator)
    response = create(client, post_data(forum, activities=[elsewhere.pk]))
    assert "activities" in response.context["form"].errors
    assert not Post.objects.exists()


def test_a_fake_cover_is_refused_and_nothing_saved(client, operator, forum):
    client.force_login(operator)
    fake = SimpleUploadedFile("sampul.jpg", b"not an image at all", content_type="image/jpeg")
    photos = [{"image": photo_with_gps(), "caption": "", "position": "0"}]
    response = create(client, post_data(forum, photos, cover=fake))
    assert response.context["form"].errors["cover"] == [
        "The file is not a photo the portal can read."
    ]
    assert (Post.objects.count(), PostPhoto.objects.count()) == (0, 0)


def test_an_invalid_gallery_row_saves_nothing(client, operator, forum):
    client.force_login(operator)
    fake = SimpleUploadedFile("galeri.jpg", b"GIF89a", content_type="image/jpeg")
    photos = [
        {"image": photo_with_gps(), "caption": "", "position": "0"},
        {"image": fake, "caption": "", "position": "1"},
    ]
    response = create(client, post_data(forum, photos, cover=photo_with_gps()))
    assert response.status_code == 200
    assert (Post.objects.count(), PostPhoto.objects.count()) == (0, 0)


def test_a_double_submission_creates_one_post(client, operator, forum):
    client.force_login(operator)
    first = create(client, post_data(forum))
    second = create(client, post_data(forum))
    assert Post.objects.count() == 1
    assert second["Location"] == first["Location"]


def edit_data(post, **fields):
    rows = [
        {"id": photo.pk, "caption": photo.caption, "position": str(photo.position)}
        for photo in post.photos.all()
    ]
    activities = list(post.activities.values_list("pk", flat=True))
    fields.setdefault("slug", post.slug)
    fields.setdefault("loaded_version", version_of(post))
    return post_data(post.forum, rows, initial=len(rows), activities=activities, **fields)


def test_operator_edits_a_draft_keeping_author_and_links_outside_the_scope(client, operator, forum):
    author = staff_user("operator", regencies=[SOLOK])
    post = PostFactory(forum=forum, village_id=TANAH_GARAM, author=author)
    PostPhotoFactory(post=post)
    theirs = ActivityFactory(forum=baubau_forum())
    theirs.posts.add(post)
    client.force_login(operator)
    response = client.post(
        reverse("staff_post_edit", args=[post.pk]), edit_data(post, title="Baru")
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.author) == ("Baru", author)
    assert list(post.activities.all()) == [theirs]
    assert post.photos.count() == 1


def test_operator_cannot_edit_a_published_post(client, operator, forum):
    post = PostFactory(forum=forum, village_id=TANAH_GARAM, published=True)
    client.force_login(operator)
    url = reverse("staff_post_edit", args=[post.pk])
    assert client.post(url, edit_data(post, title="Diubah")).status_code == 403
    post.refresh_from_db()
    assert post.title != "Diubah"


def test_out_of_scope_posts_are_not_found_and_not_changed(client, operator):
    post = PostFactory(regency_id=BAUBAU, title="Berita Baubau")
    client.force_login(operator)
    for name in ["detail", "edit", "delete"]:
        assert client.get(reverse(f"staff_post_{name}", args=[post.pk])).status_code == 404
    url = reverse("staff_post_edit", args=[post.pk])
    assert client.post(url, edit_data(post, title="X", regency=SOLOK)).status_code == 404
    assert client.post(reverse("staff_post_delete", args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert post.title == "Berita Baubau"


def test_detail_shows_body_gallery_and_linked_activities(client, operator, forum):
    activity = ActivityFactory(forum=forum)
    post = PostFactory(forum=forum, village_id=TANAH_GARAM, body="<p>Isi lengkap</p>")
    photo = PostPhotoFactory(post=post, caption="Foto bersama")
    activity.posts.add(post)
    client.force_login(operator)
    content = client.get(reverse("staff_post_detail", args=[post.pk])).content.decode()
    assert "<p>Isi lengkap</p>" in content
    assert photo.thumbnail.url in content
    assert reverse("staff_activity_detail", args=[activity.pk]) in content
    assert reverse("staff_history", args=["post", post.pk]) in content


def test_delete_removes_a_draft_with_its_gallery(client, operator):
    post = PostFactory(regency_id=SOLOK)
    PostPhotoFactory(post=post)
    activity = ActivityFactory()
    activity.posts.add(post)
    client.force_login(operator)
    assert b"1 photo is deleted" in client.get(reverse("staff_post_delete", args=[post.pk])).content
    client.post(reverse("staff_post_delete", args=[post.pk]), {"loaded_version": version_of(post)})
    assert (Post.objects.count(), PostPhoto.objects.count()) == (0, 0)
    assert not activity.posts.exists()
