"""Conflict incidents by village, and the reference list of their triggers.

The triggers are the eight categories of the 2012 national conflict data (104 social
conflicts); administrators edit the list, seeded by a data migration with the national
shares. An incident is programme data like any other: entered by staff in scope,
verified and published through the workflow. The public only ever sees counts by region
and trigger (``reports.targeting``), never an incident's description.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Village
from .workflow import Reviewable, ReviewableQuerySet


class ConflictTrigger(models.Model):
    """A pemicu konflik: one of the categories incidents are counted by."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    national_share_2012 = models.DecimalField(
        _("national share in 2012 (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the 104 social conflicts of the 2012 national data, in percent."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict trigger")
        verbose_name_plural = _("conflict triggers")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(national_share_2012__isnull=True)
                | (Q(national_share_2012__gte=0) & Q(national_share_2012__lte=100)),
                name="conflicttrigger_share_is_a_percentage",
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class ConflictIncidentQuerySet(ReviewableQuerySet):
    def with_village(self):
        return self.select_related("village__district__regency__province", "trigger")

    def in_province(self, province_code):
        return self.filter(village__district__regency__province_id=province_code)

    def in_regency(self, regency_code):
        return self.filter(village__district__regency_id=regency_code)

    def since(self, day):
        return self.filter(occurred_on__gte=day)


class ConflictIncident(Reviewable):
    """A social conflict in a village: when, by which trigger, how many people it touched."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("village")
    )
    occurred_on = models.DateField(_("date of the incident"))
    trigger = models.ForeignKey(
        ConflictTrigger,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("trigger"),
    )
    description = models.TextField(
        _("short description"), help_text=_("Never shown on public pages.")
    )
    people_affected = models.PositiveIntegerField(
        _("people affected"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    people_displaced = models.PositiveIntegerField(
        _("people displaced"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    source = models.CharField(
        _("source"), max_length=200, help_text=_("Who reported it, or where it was published.")
    )
    # The office's own reference from an imported spreadsheet ("Referensi"): re-importing
    # a row with it updates this incident. Unique per village; NULL when there is none.
    import_reference = models.CharField(  # noqa: DJ001
        _("import reference"), max_length=60, null=True, blank=True, editable=False
    )

    scope_paths = ("village__district__regency__province", "village__district__regency")
    history = HistoricalRecords()
    objects = ConflictIncidentQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("conflict incident")
        verbose_name_plural = _("conflict incidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["occurred_on"])]
        constraints = [
            *Reviewable.Meta.constraints,
            models.UniqueConstraint(
                fields=["village", "import_reference"], name="incident_import_reference_per_village"
            ),
        ]

    def __str__(self):
        return _("%(trigger)s in %(village)s on %(date)s") % {
            "trigger": self.trigger,
            "village": self.village.name,
            "date": date_format(self.occurred_on, "SHORT_DATE_FORMAT"),
        }

    def clean(self):
        errors = {}
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = _("The date of the incident cannot be in the future.")
        if (
            self.people_affected is not None
            and self.people_displaced is not None
            and self.people_displaced > self.people_affected
        ):
            errors["people_displaced"] = _(
                "More people displaced than affected: the displaced are among the affected."
            )
        if errors:
            raise ValidationError(errors)
