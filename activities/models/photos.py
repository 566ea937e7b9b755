"""What every kept photo of the field holds beside its file: size, caption, and the
evidence read from the original before its metadata was stripped (capture time, GPS, a
perceptual hash), which stays in the database and never in the public file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from forums.images import refresh_thumbnail


class DatedPhoto(models.Model):
    """Abstract: a subclass declares ``image`` (with ``width_field``/``height_field``) and
    ``thumbnail`` with its own upload directories."""

    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_at = models.DateTimeField(
        _("taken at"), null=True, blank=True, help_text=_("Capture date read from the photo.")
    )
    gps_latitude = models.DecimalField(
        _("GPS latitude"), max_digits=9, decimal_places=6, null=True, blank=True, editable=False
    )
    gps_longitude = models.DecimalField(
        _("GPS longitude"), max_digits=9, decimal_places=6, null=True, blank=True, editable=False
    )
    image_hash = models.CharField(
        _("perceptual hash"), max_length=16, blank=True, editable=False, db_index=True
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        refresh_thumbnail(self.image, self.thumbnail)
        super().save(*args, **kwargs)
