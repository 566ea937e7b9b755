"""Photos uploaded before their form is saved: storing them, handing them to the record
that keeps them, and removing those nobody saved.

``store_upload`` checks and cleans a photo exactly as a photo field does
(``forums.images.process_photo``: type, size, pixels, capture time read, metadata
stripped) and keeps it as its owner's ``PhotoUpload``. The record services then call
``take_uploads`` inside the transaction that saves the record: the uploads a form names
are locked, copied into the record's own photo fields while the record saves, and
deleted with it (their files once the transaction has committed).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .images import parse_capture_time, process_photo
from .models import PhotoUpload

# What a kept photo's record stores of its original, where the model has the field.
EVIDENCE_FIELDS = ("taken_at", "gps_latitude", "gps_longitude", "image_hash")

GONE = gettext_lazy(
    "A photo you uploaded for this form was removed or already saved with another form, "
    "so nothing was saved. Choose the photo again."
)


class UploadRefused(ValueError):
    """An upload over the user's limits; the message is for the user."""


def store_upload(user, upload, taken_at=""):
    """Check ``upload`` (a file from the request) and keep it as ``user``'s PhotoUpload.

    ``taken_at`` is the capture time the browser read from the original ("2018:10:22
    09:30:00") when it had to shrink the photo first, which drops the original's EXIF;
    the time in the file itself wins. Raises ``forums.images.PhotoRejected`` for a file
    that is not an acceptable photo and ``UploadRefused`` past the user's limits.
    """
    pending = PhotoUpload.objects.owned_by(user).aggregate(count=Count("pk"), bytes=Sum("size"))
    if pending["count"] >= settings.PHOTO_UPLOAD_MAX_PENDING:
        raise UploadRefused(
            _(
                "You have %(count)d photos uploaded but not yet saved with a form. Save "
                "your forms first, or remove photos you do not need."
            )
            % {"count": pending["count"]}
        )
    if (pending["bytes"] or 0) + upload.size > settings.PHOTO_UPLOAD_MAX_PENDING_BYTES:
        raise UploadRefused(
            _(
                "Your photos uploaded but not yet saved take more than %(limit)d MB. Save "
                "your forms first, or remove photos you do not need."
            )
            % {"limit": settings.PHOTO_UPLOAD_MAX_PENDING_BYTES // 1024**2}
        )
    photo = process_photo(upload)
    record = PhotoUpload(
        owner=user,
        taken_at=photo.taken_at or _plausible(parse_capture_time(taken_at[:40])),
        width=photo.width,
        height=photo.height,
        size=photo.content.size,
        gps_latitude=photo.gps_latitude,
        gps_longitude=photo.gps_longitude,
        image_hash=photo.image_hash,
    )
    record.image.save("upload.jpg", photo.content, save=False)
    record.save()
    return record


def describe(upload):
    """What a form shows of an upload: the page's script reads the same as JSON."""
    taken_at = localtime(upload.taken_at) if upload.taken_at else None
    return {
        "id": upload.pk,
        "thumbnail_url": upload.thumbnail.url if upload.thumbnail else upload.image.url,
        "width": upload.width,
        "height": upload.height,
        "taken_at": taken_at.isoformat() if taken_at else None,
        "taken_at_display": date_format(taken_at, "DATETIME_FORMAT") if taken_at else "",
        "remove_url": reverse("staff_photo_upload_remove", args=[upload.pk]),
    }


def _plausible(taken_at):
    """A capture time the browser sent, unless it is in the future."""
    if taken_at and taken_at <= timezone.now() + datetime.timedelta(days=1):
        return taken_at
    return None


def attach(upload, photo, field="image"):
    """Make ``upload``'s photo the one of ``photo``'s ``field`` (saved with ``photo``, under
    that field's own random name) and take its evidence (capture time, GPS position,
    perceptual hash) where the model keeps it."""
    with upload.image.open("rb") as stored:
        setattr(photo, field, ContentFile(stored.read(), name="photo.jpg"))
    if field == "image":
        keep_evidence(photo, {name: getattr(upload, name) for name in EVIDENCE_FIELDS})


def keep_evidence(photo, evidence):
    """Set on ``photo`` the evidence fields its model has (news photos keep none)."""
    for name, value in evidence.items():
        if hasattr(photo, name):
            setattr(photo, name, value if value is not None or name != "image_hash" else "")


def uploads_of(forms):
    """The uploads the forms that are about to be saved name, in their order."""
    chosen = []
    for form in forms:
        chosen.extend(getattr(form, "chosen_uploads", list)())
    return chosen


def take_uploads(user, uploads):
    """Lock ``uploads`` (``user``'s own) for the record being saved, and delete them when
    it commits, files included. Call inside the record's transaction, before it saves.

    Raises ValidationError (nothing is saved then) when one is no longer there: removed,
    cleaned up, or saved with another form in the meantime.
    """
    if not uploads:
        return
    ids = {upload.pk for upload in uploads}
    locked = list(PhotoUpload.objects.owned_by(user).select_for_update().filter(pk__in=ids))
    if len(locked) != len(ids):
        raise ValidationError(GONE)
    PhotoUpload.objects.filter(pk__in=ids).delete()
    transaction.on_commit(lambda: [upload.delete_files() for upload in locked])


def remove_upload(upload):
    """Delete an upload and its files (its owner removed it from the form)."""
    with transaction.atomic():
        PhotoUpload.objects.filter(pk=upload.pk).delete()
        transaction.on_commit(upload.delete_files)


def remove_stale_uploads(older_than=None):
    """Delete the uploads no form saved within ``older_than`` (PHOTO_UPLOAD_LIFETIME
    hours by default), files included; return how many went."""
    if older_than is None:
        older_than = datetime.timedelta(hours=settings.PHOTO_UPLOAD_LIFETIME_HOURS)
    stale = PhotoUpload.objects.filter(created_at__lt=timezone.now() - older_than)
    removed = 0
    for upload in list(stale):
        with transaction.atomic():
            if PhotoUpload.objects.filter(pk=upload.pk).delete()[0]:
                removed += 1
                transaction.on_commit(upload.delete_files)
    return removed
