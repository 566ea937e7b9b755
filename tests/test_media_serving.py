"""/media/<name>: a stored photo is served only to whoever may see the record it belongs to."""

from pathlib import Path

import pytest
from django.utils import timezone

from forums.models import State, Village

from .factories import (
    ActivityFactory,
    ForumFactory,
    PostFactory,
    PostPhotoFactory,
    ProgressPhotoFactory,
    ProgressReportFactory,
    UserFactory,
    staff_user,
)
from .images import image_upload

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"
UNPUBLISHED = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.VERIFIED]


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def workflow(state):
    fields = {"state": state}
    if state == State.RETURNED:
        fields["return_reason"] = "Foto kurang jelas."
    if state == State.PUBLISHED:
        fields["published_at"] = timezone.now()
    return fields


def progress_photo(report_state=State.PUBLISHED, activity_state=State.PUBLISHED, village=None):
    forum = ForumFactory(published=True, **({"village": village} if village else {}))
    activity = ActivityFactory(forum=forum, **workflow(activity_state))
    return ProgressPhotoFactory(
        report=ProgressReportFactory(activity=activity, **workflow(report_state))
    )


def get(client, stored_file):
    response = client.get(stored_file.url)
    # Reading the body closes the file through the test client's wrapper; calling
    # response.close() here would fire request_finished, which closes the test's
    # database connection on PostgreSQL.
    body = response.getvalue() if response.status_code == 200 else b""
    return response, body


def stored_bytes(stored_file):
    with stored_file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


# Public photos -----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_a_published_progress_photo_is_served_to_anyone(client, field):
    photo = progress_photo()
    stored = getattr(photo, field)
    assert stored.url.startswith("/media/progress/")

    response, body = get(client, stored)

    assert response.status_code == 200
    assert body == stored_bytes(stored)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_photos_are_served_with_debug_on_too(client, settings):
    settings.DEBUG = True
    photo = progress_photo()
    assert get(client, photo.image)[0].status_code == 200
    assert get(client, progress_photo(report_state=State.DRAFT).image)[0].status_code == 404


@pytest.mark.parametrize("field", ["cover", "cover_thumbnail"])
def test_a_published_news_cover_is_served_to_anyone(client, field):
    post = PostFactory(published=True, cover=image_upload("sampul.jpg"))
    response, body = get(client, getattr(post, field))
    assert response.status_code == 200
    assert body == stored_bytes(getattr(post, field))
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_a_published_news_gallery_photo_is_served_to_anyone(client, field):
    photo = PostPhotoFactory(post=PostFactory(published=True))
    assert get(client, getattr(photo, field))[0].status_code == 200


def test_a_photo_stored_before_random_names_is_still_served(client):
    photo = progress_photo()
    legacy = "progress/2024/05/lapangan-desa.jpg"
    photo.image.storage.save(legacy, photo.image.open("rb"))
    type(photo).objects.filter(pk=photo.pk).update(image=legacy)
    photo.refresh_from_db()
    assert photo.image.name == legacy
    assert get(client, photo.image)[0].status_code == 200


# Unpublished photos: staff in scope only ---------------------------------------------


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_an_unpublished_reports_photo_is_hidden_from_the_public(client, state, field):
    photo = progress_photo(report_state=state)
    assert get(client, getattr(photo, field))[0].status_code == 404


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_an_unpublished_reports_photo_shows_to_staff_in_scope(client, operator, state, field):
    photo = progress_photo(report_state=state)
    client.force_login(operator)

    response, body = get(client, getattr(photo, field))

    assert response.status_code == 200
    assert body == stored_bytes(getattr(photo, field))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("state", UNPUBLISHED)
@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_an_unpublished_reports_photo_is_hidden_from_staff_out_of_scope(client, state, field):
    photo = progress_photo(report_state=state)
    client.force_login(staff_user("operator", regencies=["74.72"]))
    assert get(client, getattr(photo, field))[0].status_code == 404


def test_provincial_verifiers_see_their_provinces_photos_only(client):
    solok = progress_photo(report_state=State.SUBMITTED)
    baubau = progress_photo(
        report_state=State.SUBMITTED, village=Village.objects.get(code=BAUBAU_VILLAGE)
    )
    client.force_login(staff_user("verifier", province="13"))
    assert get(client, solok.image)[0].status_code == 200
    assert get(client, baubau.image)[0].status_code == 404


def test_a_signed_in_user_without_a_staff_role_is_treated_as_the_public(client):
    client.force_login(UserFactory())
    assert get(client, progress_photo(report_state=State.DRAFT).image)[0].status_code == 404


def test_a_published_report_of_an_unpublished_work_is_hidden(client):
    photo = progress_photo(activity_state=State.RETURNED)
    assert get(client, photo.image)[0].status_code == 404
    assert get(client, photo.thumbnail)[0].status_code == 404


def test_a_published_report_of_an_unpublished_forum_is_hidden(client):
    photo = progress_photo()
    type(photo.report.activity.forum).objects.update(state=State.DRAFT, published_at=None)
    assert get(client, photo.image)[0].status_code == 404


@pytest.mark.parametrize("field", ["cover", "cover_thumbnail"])
def test_a_draft_news_cover_shows_to_staff_in_scope_only(client, operator, field):
    post = PostFactory(regency_id="13.72", cover=image_upload("sampul.jpg"))
    stored = getattr(post, field)
    assert get(client, stored)[0].status_code == 404
    client.force_login(staff_user("operator", regencies=["74.72"]))
    assert get(client, stored)[0].status_code == 404
    client.force_login(operator)
    response, _body = get(client, stored)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")


@pytest.mark.parametrize("field", ["image", "thumbnail"])
def test_a_draft_news_gallery_photo_shows_to_staff_in_scope_only(client, operator, field):
    photo = PostPhotoFactory(post=PostFactory(regency_id="13.72"))
    stored = getattr(photo, field)
    assert get(client, stored)[0].status_code == 404
    client.force_login(staff_user("operator", regencies=["74.72"]))
    assert get(client, stored)[0].status_code == 404
    client.force_login(operator)
    assert get(client, stored)[0].status_code == 200


# Files no record owns, and odd paths ------------------------------------------------


def test_a_file_no_record_owns_is_not_found(client, settings):
    orphan = Path(settings.MEDIA_ROOT) / "progress" / "2024" / "05" / "orphan.jpg"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(stored_bytes(progress_photo().image))
    client.force_login(staff_user("administrator"))
    assert client.get("/media/progress/2024/05/orphan.jpg").status_code == 404
    assert client.get("/media/progress/2024/05/0123456789abcdef.jpg").status_code == 404
    assert client.get("/media/elsewhere/x.jpg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../ks_portal/settings.py",
        "/media/progress/../../manage.py",
        "/media/progress/%2e%2e/%2e%2e/manage.py",
        "/media//etc/passwd",
        "/media/progress/./{name}",
        "/media/progress//{name}",
        "/media/progress\\..\\{name}",
    ],
)
def test_path_traversal_is_not_found(client, path):
    photo = progress_photo()
    client.force_login(staff_user("administrator"))
    relative = photo.image.name.removeprefix("progress/")
    assert client.get(path.format(name=relative)).status_code == 404


def test_media_answers_only_reads(client):
    photo = progress_photo()
    assert client.head(photo.image.url).status_code == 200
    assert client.post(photo.image.url).status_code == 405


# Handing the file to the web server ---------------------------------------------------


def test_nginx_sends_the_file_with_x_accel_redirect(client, settings):
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    photo = progress_photo()

    response = client.get(photo.image.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.image.name}"
    assert response.content == b""
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    draft = progress_photo(report_state=State.DRAFT)
    assert client.get(draft.image.url).status_code == 404


def test_apache_sends_the_file_with_x_sendfile(client, settings, operator):
    settings.MEDIA_SENDFILE = "x-sendfile"
    photo = progress_photo(report_state=State.DRAFT)
    client.force_login(operator)

    response = client.get(photo.thumbnail.url)

    assert response.status_code == 200
    assert response["X-Sendfile"] == str(Path(settings.MEDIA_ROOT) / photo.thumbnail.name)
    assert response.content == b""
    assert response["Cache-Control"] == "private, no-store"


# A fixed number of queries ---------------------------------------------------------------


def test_a_public_photo_costs_at_most_two_queries(client, django_assert_max_num_queries):
    photo = PostPhotoFactory(post=PostFactory(published=True))
    for _ in range(5):
        PostPhotoFactory(post=PostFactory(published=True))
        progress_photo()
    with django_assert_max_num_queries(2):
        assert client.get(photo.thumbnail.url).status_code == 200
    progress = progress_photo()
    with django_assert_max_num_queries(1):
        assert client.get(progress.image.url).status_code == 200


def test_a_staff_photo_costs_a_fixed_number_of_queries(
    client, operator, django_assert_max_num_queries
):
    photo = PostPhotoFactory(post=PostFactory(regency_id="13.72"))
    for _ in range(5):
        PostPhotoFactory(post=PostFactory(regency_id="13.72"))
        progress_photo(report_state=State.DRAFT)
    client.force_login(operator)
    # session, user, staff profile, its regencies; then two owners checked twice at most
    with django_assert_max_num_queries(8):
        assert client.get(photo.thumbnail.url).status_code == 200
    draft = progress_photo(report_state=State.DRAFT)
    with django_assert_max_num_queries(6):
        assert client.get(draft.image.url).status_code == 200


def test_an_unknown_sendfile_mode_or_a_missing_accel_prefix_stops_the_portal():
    from .test_settings import run_check

    result = run_check(MEDIA_SENDFILE="nginx")
    assert result.returncode != 0
    assert "MEDIA_SENDFILE must be empty, x-accel-redirect, x-sendfile or signed-url" in (
        result.stderr
    )
    result = run_check(MEDIA_SENDFILE="x-accel-redirect")
    assert "needs MEDIA_ACCEL_PREFIX" in result.stderr
    assert run_check(MEDIA_SENDFILE="X-Accel-Redirect", MEDIA_ACCEL_PREFIX="/m").returncode == 0
