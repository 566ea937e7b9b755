"""Keeping the funding figures (``reports.models``) equal to the public funding lines.

A regency's figures are computed again from its public funding lines, and its
province's from the province's regency figures, whenever public funding data in it
changes (``public_data_changed``, sent inside the writer's transaction, so the figures
commit or roll back with the change); everything is computed again when anything may
have changed (a reference list, the regions, a bulk load).

The figures are computed by one INSERT … SELECT: the public lines, each counted in a
count column when it is the first line of what that column counts (the first line of
an activity, of an activity and source, of a forum, kind and year…), summed per
regency, type, source and year. Each column then holds, per row, the things whose first
line falls in that row, so its SUM over any rows is the distinct count (``models``).
At national size (377,000 public lines) that takes about 4 s; one regency and its
province, about 30 ms.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import Lag

from activities.models import FundingLine
from forums.models import Province, Regency
from forums.public_changes import public_data_changed

from .models import COUNT_COLUMNS, ProvinceFigure, RegencyFigure
from .selectors.slices import FORUM, PROVINCE, REGENCY, TYPE

# What the figures read of each line (selected as "line_forum", "line_activity"…).
_LINE = {
    "forum": FORUM,
    "activity": "activity",
    "type": TYPE,
    "kind": f"{TYPE}__kind",
    "source": "source",
    "year": "budget_year",
    "regency": REGENCY,
    "province": PROVINCE,
}
# "The first line" of a group is the first in one of these orders of the lines. Each count
# column counts groups made by the leading attributes of one order (forums_kind_by_year:
# forum, year, kind), so the database sorts the lines once per order, six times in all.
_ORDERS = [
    ["activity", "source", "year"],
    ["activity", "year", "source"],
    ["forum", "kind", "type", "source", "year", "activity"],
    ["forum", "source", "kind", "type", "year", "activity"],
    ["forum", "year", "kind", "type", "source", "activity"],
    ["forum", "source", "year", "kind", "type", "activity"],
]
# The figures' columns: the cell (and the regency of a regency figure), then the sums.
_CELL = ["province_id", "activity_type_id", "activity_kind", "source_id", "budget_year"]
_CELL_OF_LINE = ["province", "type", "kind", "source", "year"]
_SUMMED = ["budget", "spending", "lines", *COUNT_COLUMNS]


def _groups(column):
    """What ``column`` counts once: "forums_kind_by_year" -> {forum, kind, year}."""
    counted, _, by = column.partition("_by_")
    owner, _, per = counted.partition("_")
    group = {"activity" if owner == "activities" else "forum"}
    group |= {"": set(), "kind": {"kind"}, "type": {"kind", "type"}}[per]
    return group | {name for name in by.split("_") if name}


def _marker(column):
    """The order in which ``column`` finds first lines, and how many of its leading
    attributes make a group: (order, length)."""
    group = _groups(column)
    for order, attributes in enumerate(_ORDERS):
        if set(attributes[: len(group)]) == group:
            return order, len(group)
    raise LookupError(f"no order starts with the groups of {column}")


_MARKERS = [_marker(column) for column in COUNT_COLUMNS]


def _insert_sql(lines, model):
    """INSERT … SELECT of the figures of ``lines`` into ``model``'s table: (sql, params).

    Inside: the lines grouped by activity, source and year (money summed), each with
    the previous row's attributes in every order (LAG). A row is the first of its group
    in an order when the previous row differs in one of the group's attributes; outside,
    the rows are summed per regency, type, source and year, counting first rows. They
    are written in regency order, so that a province's or a regency's figures lie
    together on disk (a rebuild writes a regency's, or a province's, all at once too).
    """
    quote = connection.ops.quote_name

    def previous(order, name):
        return f"prev_{order}_{name}"

    leading = {}
    for order, length in _MARKERS:
        leading[order] = max(length, leading.get(order, 0))
    marked = (
        lines.values(**{f"line_{name}": F(path) for name, path in _LINE.items()})
        .annotate(line_budget=Sum("budget"), line_spending=Sum("spending"), line_count=Count("pk"))
        .annotate(
            **{
                previous(order, name): Window(
                    Lag(F(f"line_{name}")),
                    order_by=[F(f"line_{attribute}") for attribute in _ORDERS[order]],
                )
                for order, length in leading.items()
                for name in _ORDERS[order][:length]
            }
        )
        .order_by()
    )
    inner, params = marked.query.sql_with_params()

    def first(order, length):
        names = _ORDERS[order][:length]
        differs = [f"{quote(previous(order, name))} <> {quote(f'line_{name}')}" for name in names]
        is_first = " OR ".join([f"{quote(previous(order, names[0]))} IS NULL", *differs])
        return f"SUM(CASE WHEN {is_first} THEN 1 ELSE 0 END)"

    cell = [quote(f"line_{name}") for name in ["regency", *_CELL_OF_LINE]]
    sums = [f"SUM({quote(name)})" for name in ["line_budget", "line_spending", "line_count"]]
    columns = ", ".join(map(quote, ["regency_id", *_CELL, *_SUMMED]))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"SELECT {', '.join([*cell, *sums, *(first(*marker) for marker in _MARKERS)])} "
        f"FROM ({inner}) marked GROUP BY {', '.join(cell)} ORDER BY {', '.join(cell)}"
    )
    return sql, params


def _province_sql(regency_figures, model):
    """INSERT … SELECT of the province figures summing ``regency_figures``: (sql, params)."""
    quote = connection.ops.quote_name
    cell = [name.removesuffix("_id") for name in _CELL]
    sums = {f"sum_{name}": Sum(name) for name in _SUMMED}
    summed = regency_figures.values(*cell).annotate(**sums).order_by(*cell)
    inner, params = summed.query.sql_with_params()
    columns = ", ".join(map(quote, [*_CELL, *_SUMMED]))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {inner}", params


def _execute(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert(build_sql, *args):
    try:
        sql, params = build_sql(*args)
    except EmptyResultSet:  # no regency or province to sum: nothing to insert
        return 0
    return _execute(sql, params)


def insert_figures(lines, provinces=None, *, models=(RegencyFigure, ProvinceFigure)):
    """Sum ``lines`` (public funding lines) into new regency figures, then the regency
    figures of ``provinces`` (codes, or None: all) into new province figures; return how
    many regency figures were written. ``models``: the historical models in a migration."""
    regency_model, province_model = models
    written = _insert(_insert_sql, lines, regency_model)
    regency_figures = regency_model.objects.all()
    if provinces is not None:
        regency_figures = regency_figures.filter(province__in=provinces)
    _insert(_province_sql, regency_figures, province_model)
    return written


def rebuild(regencies=None):
    """Compute the figures of ``regencies`` (codes), or of every regency when None, again
    from their public funding lines; return how many figures there are now for them."""
    lines = FundingLine.objects.public()
    regency_figures = RegencyFigure.objects.all()
    province_figures = ProvinceFigure.objects.all()
    provinces = None
    if regencies is not None:
        regencies = sorted(regencies)
        lines = lines.filter(**{f"{REGENCY}__in": regencies})
        regency_figures = regency_figures.filter(regency__in=regencies)
        provinces = Regency.objects.filter(code__in=regencies).values_list("province", flat=True)
        provinces = sorted(set(provinces))
        province_figures = province_figures.filter(province__in=provinces)
    with transaction.atomic():
        # Two writers rebuilding a province's figures at once would each delete the rows
        # they see and insert their own; the second waits here for the first to commit.
        locked = Province.objects.order_by("code").select_for_update(no_key=True)
        if provinces is not None:
            locked = locked.filter(code__in=provinces)
        list(locked.values_list("code", flat=True))
        regency_figures.delete()
        province_figures.delete()
        if regencies is None and connection.vendor == "postgresql":
            # the six sorts of every line fit in memory instead of temporary files
            _execute("SET LOCAL work_mem = '64MB'", None)
        written = insert_figures(lines, provinces)
        if regencies is None and connection.vendor == "postgresql":
            # the planner's picture of tables that were just refilled
            tables = [model._meta.db_table for model in (RegencyFigure, ProvinceFigure)]
            _execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}", None)
        return written


def _public_data_changed(sender, regencies, funding, **kwargs):
    if funding:
        rebuild(regencies)


def connect():
    public_data_changed.connect(_public_data_changed, dispatch_uid="reports:funding_figures")
