"""Which funding lines the public sees, and how money is summed: one definition for all.

Pages, reports, exports, statistics and the API all start from
``FundingLine.objects.public()`` (or a staff scope) and sum through ``totals()`` or
``sums()``, so their figures agree to the rupiah. Sums are cast to whole-rupiah
integers in SQL (PostgreSQL returns its bigint sums as decimals) and are 0, never
None, when there are no lines (``Sum(default=0)`` is a COALESCE).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import BigIntegerField, F, Q, Sum
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forums.formatting import format_rupiah
from forums.models import ScopedQuerySet, State


def rupiah_sum(path):
    """SUM of a rupiah column (``budget``, ``funding_lines__spending``…) as an integer, 0 when
    there are no rows."""
    return Cast(Sum(path, default=0), output_field=BigIntegerField())


class RupiahSums:
    """``totals()`` and ``sums()`` for a queryset of rows with ``budget`` and ``spending``:
    funding lines, and the figures that reports sums from them (``reports.FundingFigure``)."""

    def totals(self, **aggregates):
        """Budget, spending and remainder of these lines in one aggregate query, as ints.

        Extra ``aggregates`` (counts…) are computed in the same query and returned beside.
        """
        row = self.aggregate(
            budget=rupiah_sum("budget"), spending=rupiah_sum("spending"), **aggregates
        )
        budget, spending = int(row.pop("budget")), int(row.pop("spending"))
        return {"budget": budget, "spending": spending, "remainder": budget - spending, **row}

    def sums(self, **aggregates):
        """Annotate ``budget_sum`` and ``spending_sum`` (ints), plus any extra ``aggregates``:
        per group after ``values()`` (``lines.values("source").sums()``)."""
        return self.annotate(
            budget_sum=rupiah_sum("budget"), spending_sum=rupiah_sum("spending"), **aggregates
        )


class FundingLineQuerySet(RupiahSums, ScopedQuerySet):
    def public(self):
        """Lines the public may see: those of published activities in published forums."""
        return self.filter(activity__state=State.PUBLISHED, activity__forum__state=State.PUBLISHED)


class FundingLine(models.Model):
    """One source's money for an activity in one budget year, in whole rupiah."""

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name=_("activity"),
    )
    source = models.ForeignKey(
        "activities.FundingSource",
        on_delete=models.PROTECT,
        related_name="funding_lines",
        verbose_name=_("funding source"),
    )
    budget_year = models.PositiveSmallIntegerField(
        _("budget year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    purpose = models.CharField(
        _("purpose"), max_length=200, blank=True, help_text=_("e.g. building, operational costs")
    )
    budget = models.PositiveBigIntegerField(_("budget (Rp)"))
    spending = models.PositiveBigIntegerField(_("spending (Rp)"), default=0)
    member_name = models.CharField(_("DPR RI member"), max_length=120, blank=True)
    electoral_district = models.CharField(_("electoral district"), max_length=120, blank=True)

    scope_paths = (
        "activity__forum__village__district__regency__province",
        "activity__forum__village__district__regency",
    )
    objects = FundingLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["activity", "budget_year", "source__position", "pk"]
        indexes = [models.Index(fields=["budget_year", "source"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0), name="fundingline_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(spending__gte=0), name="fundingline_spending_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(spending__lte=F("budget")), name="fundingline_spending_within_budget"
            ),
            models.CheckConstraint(
                condition=Q(budget_year__gte=2000) & Q(budget_year__lte=2100),
                name="fundingline_budget_year_range",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.budget_year}: {format_rupiah(self.budget)}"

    @property
    def remainder(self):
        return self.budget - self.spending

    def clean(self):
        errors = {}
        budget, spending = self.budget, self.spending
        # Fields that failed their own validation still hold the raw input here.
        if isinstance(budget, int) and isinstance(spending, int) and spending > budget:
            errors["spending"] = _("Spending cannot be more than the budget.")
        is_aspiration = self.source_id and self.source.is_aspiration_fund
        if not is_aspiration and (self.member_name or self.electoral_district):
            errors["member_name"] = _(
                "Only a DPR RI aspiration fund line names a member and electoral district."
            )
        if errors:
            raise ValidationError(errors)
