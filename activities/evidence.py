"""Evidence flags of progress photos: warnings for the verifier, never a block.

A photo is flagged when what its original said (``forums.photo_evidence``: capture
time, GPS position, perceptual hash, read before the metadata was stripped) does not fit
its report: taken before the activity started or after it ended (actual dates when set,
else planned, with a day of slack), taken after the report's date, taken farther than
``PHOTO_EVIDENCE_MAX_DISTANCE_KM`` from the activity's point, or the same picture (hash
within ``PHOTO_DUPLICATE_DISTANCE`` bits) as a photo of another report.

Duplicates are looked for among the photos of the same regency (the activity's forum's
village code starts with the regency's code): one query whatever the number of photos,
and the hashes compared here. A picture reused across regencies is not caught; at
national scale that keeps the candidates to one regency's photos.

``flag_photos`` sets ``evidence_flags`` (a list of sentences) on each photo for the
review screen and the detail page; ``refresh_evidence_flags`` stores on the report
whether any flag was raised (``ProgressReport.has_evidence_flags``) for the list filter.
"""

import datetime
import math

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from forums.photo_evidence import FLAT_HASH, hash_distance

from .models import ProgressPhoto, ProgressReport

SLACK = datetime.timedelta(days=1)
EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1, lon1, lat2, lon2):
    """The great-circle distance between two points in degrees (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _date_flags(photo, activity, report):
    if not photo.taken_at:
        return []
    taken = timezone.localdate(photo.taken_at)
    shown = {"date": date_format(taken)}
    flags = []
    start = activity.actual_start or activity.planned_start
    end = activity.actual_end or activity.planned_end
    if start and taken < start - SLACK:
        flags.append(
            _("Taken on %(date)s, before the activity started (%(start)s).")
            % {**shown, "start": date_format(start)}
        )
    if end and taken > end + SLACK:
        flags.append(
            _("Taken on %(date)s, after the activity ended (%(end)s).")
            % {**shown, "end": date_format(end)}
        )
    if taken > report.reported_on:
        flags.append(
            _("Taken on %(date)s, after the report's date (%(reported)s).")
            % {**shown, "reported": date_format(report.reported_on)}
        )
    return flags


def _distance_flags(photo, activity):
    points = (photo.gps_latitude, photo.gps_longitude, activity.latitude, activity.longitude)
    if any(value is None for value in points):
        return []
    distance = distance_km(*points)
    if distance <= settings.PHOTO_EVIDENCE_MAX_DISTANCE_KM:
        return []
    return [
        _("Taken %(distance)s km from the activity's point.")
        % {"distance": number_format(distance, 1)}
    ]


def _comparable(image_hash):
    return bool(image_hash) and image_hash != FLAT_HASH


def _candidates(photos, activity):
    """Hashed photos of the activity's regency other than ``photos``: one query."""
    if not any(_comparable(photo.image_hash) for photo in photos):
        return []
    regency_code = activity.forum.village_id[:5]
    return list(
        ProgressPhoto.objects.filter(
            report__activity__forum__village__code__startswith=regency_code
        )
        .exclude(image_hash="")
        .exclude(image_hash=FLAT_HASH)
        .exclude(pk__in=[photo.pk for photo in photos])
        .values_list("image_hash", "report_id", "report__reported_on", "report__activity__title")
    )


def _duplicate_flags(photo, candidates):
    """Sentences for the other reports' photos of the same picture, and their reports."""
    if not _comparable(photo.image_hash):
        return [], set()
    flags, reports = [], set()
    for image_hash, report_id, reported_on, title in candidates:
        if report_id == photo.report_id or report_id in reports:
            continue
        if hash_distance(photo.image_hash, image_hash) <= settings.PHOTO_DUPLICATE_DISTANCE:
            reports.add(report_id)
            flags.append(
                _("The same picture as a photo of the report of %(date)s (activity %(title)s).")
                % {"date": date_format(reported_on), "title": title}
            )
    return flags, reports


def flag_photos(photos, activity):
    """Set ``evidence_flags`` on each of ``photos`` (progress photos of ``activity``'s
    reports, each with its report loaded); return the ids of the other reports whose
    photos they repeat. Reads ``activity.forum``; one query at most."""
    photos = list(photos)
    candidates = _candidates(photos, activity)
    repeated = set()
    for photo in photos:
        duplicates, reports = _duplicate_flags(photo, candidates)
        repeated |= reports
        photo.evidence_flags = [
            *_date_flags(photo, activity, photo.report),
            *_distance_flags(photo, activity),
            *duplicates,
        ]
    return repeated


def refresh_evidence_flags(report):
    """Recompute whether ``report``'s photos raise a flag and store it on the report;
    the reports whose photos they repeat are flagged too. Call after saving the report
    and its photos (``activities.staff.services.save_progress_report``)."""
    photos = list(report.photos.all())
    repeated = flag_photos(photos, report.activity)
    flagged = any(photo.evidence_flags for photo in photos)
    if flagged != report.has_evidence_flags:
        ProgressReport.objects.filter(pk=report.pk).update(has_evidence_flags=flagged)
        report.has_evidence_flags = flagged
    if repeated:
        ProgressReport.objects.filter(pk__in=repeated, has_evidence_flags=False).update(
            has_evidence_flags=True
        )
    return flagged
