"""Follow-up checks of completed physical works, 6 and 12 months after they were done.

Whether what was built is still used is the programme's question after the money is
spent: a check records whether the work is in use, by whom and how often, its condition
and photos. A check is programme data like every other record (entered in scope, verified,
published, with history); ``activities.followups`` says which checks are due.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forums.images import RandomName, ThumbnailName
from forums.models import Reviewable, ReviewableQuerySet, ScopedQuerySet, State

from .activities import Activity
from .photos import DatedPhoto


class FollowUpCheckQuerySet(ReviewableQuerySet):
    def public(self):
        return self.published().filter(
            activity__state=State.PUBLISHED, activity__forum__state=State.PUBLISHED
        )


class FollowUpCheck(Reviewable):
    class Months(models.IntegerChoices):
        SIX = 6, _("6 months after")
        TWELVE = 12, _("12 months after")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")
        RARELY = "rarely", _("rarely")
        NEVER = "never", _("never")

    class Condition(models.TextChoices):
        GOOD = "good", _("good")
        MINOR_DAMAGE = "minor_damage", _("minor damage")
        MAJOR_DAMAGE = "major_damage", _("major damage")
        UNUSABLE = "unusable", _("unusable")

    # Conditions in which a work still counts as kept up.
    KEPT_UP = (Condition.GOOD, Condition.MINOR_DAMAGE)

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="followups", verbose_name=_("activity")
    )
    months_after = models.PositiveSmallIntegerField(_("check"), choices=Months.choices)
    checked_on = models.DateField(_("date of the check"))
    in_use = models.BooleanField(_("in use"), default=True)
    used_by = models.CharField(
        _("used by"),
        max_length=200,
        blank=True,
        help_text=_("Who uses it: the youth group, the village's women, the whole village…"),
    )
    use_frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    condition = models.CharField(
        _("condition"), max_length=15, choices=Condition.choices, default=Condition.GOOD
    )
    note = models.TextField(_("note"), blank=True)

    scope_paths = (
        "activity__forum__village__district__regency__province",
        "activity__forum__village__district__regency",
    )
    history = HistoricalRecords()
    objects = FollowUpCheckQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("follow-up check")
        verbose_name_plural = _("follow-up checks")
        ordering = ["activity", "months_after"]
        constraints = [
            *Reviewable.Meta.constraints,
            models.UniqueConstraint(
                fields=["activity", "months_after"], name="followup_once_per_activity_and_months"
            ),
            models.CheckConstraint(
                condition=models.Q(months_after__in=[6, 12]), name="followup_months_6_or_12"
            ),
        ]

    def __str__(self):
        return _("%(activity)s, %(months)s-month check") % {
            "activity": self.activity.title,
            "months": self.months_after,
        }

    def notice_label(self):
        return _("%(activity)s, %(months)s-month check (%(date)s)") % {
            "activity": self.activity.title,
            "months": self.months_after,
            "date": date_format(self.checked_on),
        }

    @property
    def is_positive(self):
        """In use and kept up: good, or only slightly damaged."""
        return self.in_use and self.condition in self.KEPT_UP

    def clean(self):
        errors = {}
        activity = self.activity if self.activity_id else None
        if self.checked_on and self.checked_on > timezone.localdate():
            errors["checked_on"] = _("The date of the check cannot be in the future.")
        if activity is not None:
            if not activity.activity_type.is_physical or activity.status != Activity.Status.DONE:
                errors["activity"] = _(
                    "Only a completed physical work is followed up: this activity is not one."
                )
            elif activity.actual_end is None:
                errors["activity"] = _(
                    "Give the work's actual end date first: the checks are counted from it."
                )
            elif self.checked_on and self.checked_on < activity.actual_end:
                errors["checked_on"] = _(
                    "The check cannot be earlier than the end of the work (%(date)s)."
                ) % {"date": date_format(activity.actual_end)}
        if not self.in_use and self.use_frequency != self.Frequency.NEVER:
            errors["use_frequency"] = _("A work not in use is used never.")
        if errors:
            raise ValidationError(errors)


class FollowUpPhotoQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(followup__in=FollowUpCheck.objects.public())


class FollowUpPhoto(DatedPhoto):
    followup = models.ForeignKey(
        FollowUpCheck,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("follow-up check"),
    )
    image = models.ImageField(
        _("photo"), upload_to=RandomName("followups"), width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(
        upload_to=ThumbnailName("followups/thumbs"), blank=True, editable=False
    )

    scope_paths = (
        "followup__activity__forum__village__district__regency__province",
        "followup__activity__forum__village__district__regency",
    )
    history = HistoricalRecords()
    objects = FollowUpPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up photo")
        verbose_name_plural = _("follow-up photos")
        ordering = ["followup", "pk"]
