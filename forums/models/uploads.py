"""Photos uploaded as soon as they are chosen, before the form they belong to is saved.

A staff form (progress report photos, a news post's cover and gallery) sends each
chosen photo at once to ``/staff/uploads/photos/``; the form then carries only the
upload's id, so a form the server rejects keeps its photos. When the form is saved the
upload becomes the record's photo and this row goes (``forums.uploads``); one nobody
saved is removed a day later (``remove_stale_uploads``). Only its owner ever sees it.
"""

from django.conf import settings
from django.db import models

from ..images import RandomName, ThumbnailName, refresh_thumbnail

# Stored names start with this: the media view serves them to their owner only.
TEMPORARY_DIRECTORY = "uploads/temporary"


class PhotoUploadQuerySet(models.QuerySet):
    def owned_by(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def public(self):
        """Never public: the media view asks, and is told no."""
        return self.none()

    def in_scope(self, user):
        """Staff see only their own uploads, whatever their regions."""
        return self.owned_by(user)


class PhotoUpload(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photo_uploads"
    )
    # Already checked and cleaned by ``forums.images.process_photo``: a JPEG of pixels only.
    image = models.ImageField(
        upload_to=RandomName(TEMPORARY_DIRECTORY), width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.ImageField(
        upload_to=ThumbnailName(f"{TEMPORARY_DIRECTORY}/thumbs"), blank=True, editable=False
    )
    size = models.PositiveIntegerField(default=0)  # bytes of the kept copy, for the quota
    taken_at = models.DateTimeField(null=True, blank=True)
    # Evidence read from the original before it was stripped (``forums.photo_evidence``),
    # handed to the photo the upload becomes; never in the stored file.
    gps_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    gps_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    image_hash = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PhotoUploadQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.image.name

    def save(self, *args, **kwargs):
        refresh_thumbnail(self.image, self.thumbnail)
        super().save(*args, **kwargs)

    def delete_files(self):
        """Remove the stored photo and thumbnail (the row is deleted separately)."""
        for stored in (self.image, self.thumbnail):
            if stored:
                stored.storage.delete(stored.name)
