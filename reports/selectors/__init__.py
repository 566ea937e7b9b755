"""The funding numbers: the one source for the summary page, the exports, the register and the API.

Everything starts from a slice of funding lines (``funding_slice``): the lines the
viewer may see (public data, or a staff member's scope with every state),
narrowed by the filters of ``reports.filters``. Money is summed from funding
lines in the database; forums and activities are counted distinct, so an
activity funded by two sources counts once in a total (and once in each source's
row). Amounts are whole rupiah, cast to integers in SQL (PostgreSQL would
otherwise return its bigint sums as decimals).

For the public, the slice's summary and its rows per province or regency are summed
from the funding figures instead (``reports.models``, kept by ``reports.figures``):
the same numbers from a few hundred rows per province, where the lines would be
hundreds of thousands at national size (``FundingSlice.sums``).
"""

from .listings import (
    REGISTER_LIMIT,
    Register,
    activity_register,
    export_copy_sql,
    export_rows,
    export_sheet_sql,
)
from .slices import (
    FundingSlice,
    figure_rows,
    funding_slice,
    funding_summary,
    funding_totals,
    grouped_rows,
    is_staff_viewer,
    localized,
    totals_by_kind,
    totals_by_source,
    totals_by_type,
    totals_by_year,
    visible_lines,
)

__all__ = [
    "REGISTER_LIMIT",
    "FundingSlice",
    "Register",
    "activity_register",
    "export_copy_sql",
    "export_sheet_sql",
    "export_rows",
    "figure_rows",
    "funding_slice",
    "funding_summary",
    "funding_totals",
    "grouped_rows",
    "is_staff_viewer",
    "localized",
    "totals_by_kind",
    "totals_by_source",
    "totals_by_type",
    "totals_by_year",
    "visible_lines",
]
