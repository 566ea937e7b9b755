"""Which funding lines the public sees, and how money is summed: one definition for all.

Pages, reports, exports, statistics and the API all start from
``FundingLine.objects.public()`` (or a staff scope) and sum through ``totals()`` or
``sums()``, so their figures agree to the rupiah. Sums are cast to whole-rupiah
integers in SQL (PostgreSQL returns its bigint sums as decimals) and are 0, never
None, when there are no lines (``Sum(default=0)`` is a COALESCE).
"""

from django.db.models import BigIntegerField, Sum
from django.db.models.functions import Cast

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
