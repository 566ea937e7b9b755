"""Reference lists that administrators edit: activity types and funding sources.

They are data, not code, so each row carries its Indonesian name and its
English name instead of going through the translation catalog.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .funding import rupiah_sum


class ReferenceItem(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class ActivityKind(models.TextChoices):
    PHYSICAL = "physical", _("physical work")
    NON_PHYSICAL = "non_physical", _("non-physical activity")


class ActivityType(ReferenceItem):
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    default_unit = models.CharField(
        _("default unit"), max_length=20, blank=True, help_text=_("For works, e.g. m, unit, m²")
    )

    history = HistoricalRecords()

    class Meta(ReferenceItem.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    @property
    def is_physical(self):
        return self.kind == ActivityKind.PHYSICAL


class FundingSourceQuerySet(models.QuerySet):
    def with_totals_for(self, activity):
        """The sources funding ``activity``, each annotated with its ``budget``,
        ``spending`` and ``remainder`` summed over the activity's lines."""
        return (
            self.filter(funding_lines__activity=activity)
            .annotate(
                budget=rupiah_sum("funding_lines__budget"),
                spending=rupiah_sum("funding_lines__spending"),
            )
            .annotate(remainder=F("budget") - F("spending"))
        )


class FundingSource(ReferenceItem):
    is_aspiration_fund = models.BooleanField(
        _("DPR RI aspiration fund"),
        default=False,
        help_text=_("Lines from this source may name the member and electoral district."),
    )

    history = HistoricalRecords()
    objects = FundingSourceQuerySet.as_manager()

    class Meta(ReferenceItem.Meta):
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
