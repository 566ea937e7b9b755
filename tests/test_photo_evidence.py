"""Photo evidence (activities/evidence.py): capture time, GPS position and a perceptual
hash read from real EXIF files before stripping, kept in the database only, and flags
for the verifier (never a block) on the review screen, the detail page and the list."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from activities.demo.accounts import ensure_accounts
from activities.evidence import distance_km, flag_photos, refresh_evidence_flags
from activities.models import ProgressPhoto, ProgressReport
from forums.images import process_photo
from forums.models import PhotoUpload
from forums.photo_evidence import hash_distance
from forums.services import apply_transition
from forums.uploads import store_upload

from .factories import (
    ActivityFactory,
    ForumFactory,
    ProgressReportFactory,
    formset_data,
    staff_user,
)
from .images import evidence_jpeg, jpeg_with_metadata, metadata_left_in, picture, reencoded

pytestmark = pytest.mark.django_db

SOLOK = "13.72"
POINT = (Decimal("-0.791667"), Decimal("100.650000"))  # jpeg_with_metadata's position
FAR = (-0.30, 100.65)  # about 55 km north


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.PAGE_CACHE = False
    with translation.override("en"):
        yield


@pytest.fixture
def operator():
    return staff_user("operator", regencies=[SOLOK])


@pytest.fixture
def verifier():
    return ensure_accounts()["verifikator.sumbar"]


def activity(**fields):
    """Planned 1 August to 31 December 2018 (the factory's), at POINT unless told."""
    return ActivityFactory(**{"latitude": POINT[0], "longitude": POINT[1], **fields})


def add_photo(report, upload, caption=""):
    """A progress photo made as a form makes it: the kept copy of a real file and the
    evidence read from it."""
    kept = process_photo(upload)
    photo = ProgressPhoto(
        report=report,
        caption=caption,
        taken_at=kept.taken_at,
        gps_latitude=kept.gps_latitude,
        gps_longitude=kept.gps_longitude,
        image_hash=kept.image_hash,
    )
    photo.image.save("bukti.jpg", kept.content, save=False)
    photo.save()
    return photo


def flags_of(report, upload):
    photo = add_photo(report, upload)
    flag_photos([photo], report.activity)
    return photo.evidence_flags


def stored(field):
    with field.storage.open(field.name, "rb") as handle:
        return handle.read()


# --- Reading the evidence ------------------------------------------------------------


def test_gps_and_hash_are_read_from_exif_and_never_kept_in_the_file():
    kept = process_photo(jpeg_with_metadata())

    assert (kept.gps_latitude, kept.gps_longitude) == POINT  # S 0°47'30", E 100°39'
    assert len(kept.image_hash) == 16 and int(kept.image_hash, 16) >= 0
    assert metadata_left_in(kept.content.read()) == []


def test_a_photo_without_gps_has_no_position():
    kept = process_photo(evidence_jpeg(gps=None))
    assert (kept.gps_latitude, kept.gps_longitude) == (None, None)


def test_west_and_north_positions_are_signed():
    kept = process_photo(evidence_jpeg(gps=(3.5, -60.25)))
    assert (kept.gps_latitude, kept.gps_longitude) == (Decimal("3.5"), Decimal("-60.25"))


def test_a_reencoded_copy_keeps_its_hash_and_another_picture_does_not():
    original = evidence_jpeg(seed=3)
    first = process_photo(original).image_hash
    copy = process_photo(reencoded(original)).image_hash
    other = process_photo(evidence_jpeg(seed=4)).image_hash

    assert hash_distance(first, copy) <= settings.PHOTO_DUPLICATE_DISTANCE
    assert hash_distance(first, other) > settings.PHOTO_DUPLICATE_DISTANCE


def test_haversine_distance():
    assert distance_km(-0.79, 100.65, -0.79, 100.65) == 0
    assert 55 < distance_km(-0.79, 100.65, -0.29, 100.65) < 56


# --- The flags ---------------------------------------------------------------------


def test_taken_before_the_activity_started_is_flagged_with_a_day_of_slack():
    report = ProgressReportFactory(activity=activity())  # reported on 1 September 2018

    assert flags_of(report, evidence_jpeg("2018:07:20 10:00:00")) == [
        "Taken on 20 July 2018, before the activity started (1 August 2018)."
    ]
    assert flags_of(report, evidence_jpeg("2018:07:31 10:00:00")) == []


def test_taken_after_the_activity_ended_and_after_the_report_is_flagged_twice():
    report = ProgressReportFactory(activity=activity(), reported_on=datetime.date(2019, 1, 2))

    assert flags_of(report, evidence_jpeg("2019:01:05 10:00:00")) == [
        "Taken on 5 January 2019, after the activity ended (31 December 2018).",
        "Taken on 5 January 2019, after the report's date (2 January 2019).",
    ]
    assert flags_of(report, evidence_jpeg("2019:01:01 10:00:00")) == []


def test_actual_dates_win_over_planned_ones():
    work = activity(actual_start=datetime.date(2018, 9, 10))
    report = ProgressReportFactory(activity=work, reported_on=datetime.date(2018, 10, 1))

    assert flags_of(report, evidence_jpeg("2018:08:15 10:00:00")) == [
        "Taken on 15 August 2018, before the activity started (10 September 2018)."
    ]


def test_taken_after_the_reports_date_is_flagged():
    report = ProgressReportFactory(activity=activity())

    assert flags_of(report, evidence_jpeg("2018:09:05 08:00:00")) == [
        "Taken on 5 September 2018, after the report's date (1 September 2018)."
    ]
    assert flags_of(report, evidence_jpeg("2018:09:01 17:00:00")) == []


def test_taken_far_from_the_activitys_point_is_flagged(settings):
    report = ProgressReportFactory(activity=activity())
    near = evidence_jpeg("2018:08:20 10:00:00", gps=(-0.80, 100.66))

    assert flags_of(report, near) == []
    assert flags_of(report, evidence_jpeg("2018:08:20 10:00:00", gps=FAR)) == [
        "Taken 54.6 km from the activity's point."
    ]
    settings.PHOTO_EVIDENCE_MAX_DISTANCE_KM = 60
    assert flags_of(report, evidence_jpeg("2018:08:20 10:00:00", gps=FAR)) == []


def test_no_distance_flag_without_the_activitys_point():
    report = ProgressReportFactory(activity=ActivityFactory())
    assert flags_of(report, evidence_jpeg("2018:08:20 10:00:00", gps=FAR)) == []


def test_the_same_picture_in_two_reports_is_flagged_on_both():
    first = ProgressReportFactory(activity=activity(title="Balai Serbaguna"))
    add_photo(first, evidence_jpeg("2018:08:20 10:00:00", seed=7))
    assert refresh_evidence_flags(first) is False

    second = ProgressReportFactory(activity=activity(title="Jembatan"))
    again = evidence_jpeg("2018:08:20 10:00:00", image=picture(7))
    assert flags_of(second, reencoded(again)) == [
        "The same picture as a photo of the report of 1 September 2018 (activity Balai Serbaguna)."
    ]
    assert refresh_evidence_flags(second) is True
    first.refresh_from_db()
    assert first.has_evidence_flags  # the older report repeats the picture too


def test_a_different_picture_or_the_same_report_is_no_duplicate():
    first = ProgressReportFactory(activity=activity())
    add_photo(first, evidence_jpeg("2018:08:20 10:00:00", seed=7))
    second = ProgressReportFactory(activity=activity())

    assert flags_of(second, evidence_jpeg("2018:08:20 10:00:00", seed=8)) == []
    assert flags_of(first, evidence_jpeg("2018:08:21 10:00:00", seed=7)) == []


def test_a_picture_of_another_regency_is_not_compared():
    far_away = ForumFactory(village_id="74.72.01.1007")
    first = ProgressReportFactory(activity=activity(forum=far_away))
    add_photo(first, evidence_jpeg("2018:08:20 10:00:00", seed=7))
    second = ProgressReportFactory(activity=activity())

    assert flags_of(second, evidence_jpeg("2018:08:20 10:00:00", seed=7)) == []


# --- Through the staff forms: never a block --------------------------------------------


def report_data(work, rows, reported_on="2018-09-01"):
    data = {
        "activity": work.pk,
        "reported_on": reported_on,
        "percent": "60",
        "note": "",
        "submission_token": "token-1",
    }
    data.update(formset_data("photos", rows))
    return data


def test_an_upload_keeps_its_evidence_into_the_saved_photo(
    client, operator, django_capture_on_commit_callbacks
):
    work = activity()
    upload = store_upload(operator, evidence_jpeg("2018:07:01 09:00:00", gps=FAR, seed=5))
    assert (upload.gps_latitude, upload.gps_longitude) == (Decimal("-0.3"), Decimal("100.65"))
    assert metadata_left_in(stored(upload.image)) == []
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff_progress_create"), report_data(work, [{"upload": upload.pk}])
        )

    assert response.status_code == 302  # flags never refuse a save
    report = ProgressReport.objects.get()
    photo = report.photos.get()
    assert (photo.gps_latitude, photo.gps_longitude) == (Decimal("-0.3"), Decimal("100.65"))
    assert photo.image_hash == upload.image_hash and photo.image_hash
    assert photo.taken_at.date() == datetime.date(2018, 7, 1)
    assert metadata_left_in(stored(photo.image)) == []
    assert report.has_evidence_flags
    assert not PhotoUpload.objects.exists()
    apply_transition(report, "submit", operator)  # nor a transition


def test_a_file_sent_with_the_form_keeps_its_evidence(client, operator):
    work = activity()
    client.force_login(operator)
    upload = evidence_jpeg("2018:08:20 09:00:00", gps=(-0.80, 100.66), seed=6)

    response = client.post(reverse("staff_progress_create"), report_data(work, [{"image": upload}]))

    assert response.status_code == 302
    report = ProgressReport.objects.get()
    photo = report.photos.get()
    assert photo.gps_latitude == Decimal("-0.8") and photo.image_hash
    assert metadata_left_in(stored(photo.image)) == []
    assert not report.has_evidence_flags


# --- Where the verifier sees them ---------------------------------------------------------


def flagged_report(operator, photos=1, **fields):
    report = ProgressReportFactory(activity=activity(), **fields)
    for seed in range(photos):
        add_photo(report, evidence_jpeg("2018:07:01 09:00:00", gps=FAR, seed=20 + seed))
    refresh_evidence_flags(report)
    apply_transition(report, "submit", operator)
    return report


def test_the_review_screen_and_the_detail_page_show_the_flags(client, operator, verifier):
    report = flagged_report(operator)
    client.force_login(verifier)

    review = client.get(reverse("staff_review", args=["progressreport", report.pk]))
    detail = client.get(reverse("staff_progress_detail", args=[report.pk]))

    for response in (review, detail):
        page = response.content.decode()
        assert "Taken on 1 July 2018, before the activity started (1 August 2018)." in page
        assert "Taken 54.6 km from the activity&#x27;s point." in page


def test_the_review_screen_costs_a_fixed_number_of_queries(
    client, operator, verifier, django_assert_max_num_queries
):
    small, big = flagged_report(operator, photos=1), flagged_report(operator, photos=5)
    client.force_login(verifier)
    url = "staff_review"
    client.get(reverse(url, args=["progressreport", small.pk]))
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse(url, args=["progressreport", small.pk]))
    with django_assert_max_num_queries(len(counted)):
        response = client.get(reverse(url, args=["progressreport", big.pk]))
    assert response.content.decode().count("54.6 km") == 5


def test_the_staff_list_filters_reports_with_evidence_flags(
    client, operator, django_assert_max_num_queries
):
    flagged = flagged_report(operator)
    clean = ProgressReportFactory(activity=activity())
    add_photo(clean, evidence_jpeg("2018:08:20 09:00:00", seed=30))
    refresh_evidence_flags(clean)
    client.force_login(operator)
    url = reverse("staff_progress_list")

    client.get(url, {"evidence": "true"})
    with django_assert_max_num_queries(12):
        shown = client.get(url, {"evidence": "true"}).context["page_obj"].object_list
    assert list(shown) == [flagged]
    shown = client.get(url, {"evidence": "false"}).context["page_obj"].object_list
    assert list(shown) == [clean]
    assert len(client.get(url).context["page_obj"].object_list) == 2


def test_new_activity_dates_recompute_its_reports_flags(client, operator):
    from .test_staff_activities import edit_data

    work = activity()
    report = ProgressReportFactory(activity=work)
    add_photo(report, evidence_jpeg("2018:08:20 09:00:00", seed=40))
    refresh_evidence_flags(report)
    assert not ProgressReport.objects.get(pk=report.pk).has_evidence_flags
    client.force_login(operator)

    data = edit_data(
        work,
        planned_start="2018-09-01",
        planned_end="2018-12-31",
        latitude=str(POINT[0]),
        longitude=str(POINT[1]),
    )
    response = client.post(reverse("staff_activity_edit", args=[work.pk]), data)

    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).has_evidence_flags
