"""Who sees which funding lines, the slice a query string selects, and its totals."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.text import capfirst
from django.utils.translation import get_language

from activities.models import Activity, ActivityKind, FundingLine
from forums.models import State, scope_of

from ..filters import LEVELS, FundingFilter
from ..models import ProvinceFigure, RegencyFigure, count_column

FORUM = "activity__forum"
VILLAGE = f"{FORUM}__village"
DISTRICT = f"{VILLAGE}__district"
REGENCY = f"{DISTRICT}__regency"
PROVINCE = f"{REGENCY}__province"
TYPE = "activity__activity_type"

_UNPUBLISHED = ~Q(activity__state=State.PUBLISHED) | ~Q(**{f"{FORUM}__state": State.PUBLISHED})


def localized(name, name_en):
    """A reference item's name in the active language (they carry both, see reference.py)."""
    return name_en if (get_language() or "").startswith("en") else name


# Who sees what -----------------------------------------------------------------


def is_staff_viewer(user):
    """Staff see their scope with every workflow state; everyone else sees published data."""
    return scope_of(user).is_staff


def visible_lines(user, *, public=False):
    """Funding lines ``user`` may see in reports: their scope (every workflow state) for
    staff, the public lines otherwise. ``public=True`` gives the public view whoever asks
    (the open-data API)."""
    if not public and is_staff_viewer(user):
        return FundingLine.objects.in_scope(user)
    return FundingLine.objects.public()


# The filters the funding figures can apply; a slice with any other (a forum) is summed
# from the lines.
FIGURE_FILTERS = {"year", "province", "regency", "source", "type", "kind"}


@dataclass
class FundingSlice:
    """The funding lines selected by a query string, for one viewer, and their sums.

    The sums (``summary``, ``grouped_rows``, ``offer_years``) come from the funding
    figures, summed in advance per regency and province, when they can answer: for
    the public (published data), when no forum is chosen, for rows of provinces or
    regencies. Staff (every workflow state, an ``unpublished`` count), a chosen forum
    and rows of forums or activities are summed from the lines themselves.
    """

    filterset: FundingFilter
    lines: QuerySet
    staff: bool
    base: QuerySet = field(repr=False)

    def value(self, name):
        return self.filterset.value(name)

    @property
    def level(self):
        """How rows are grouped: as asked, else one level below the narrowest region filter."""
        chosen = self.value("level")
        if chosen in LEVELS:
            return chosen
        if self.value("forum"):
            return "activity"
        if self.value("regency"):
            return "forum"
        if self.value("province"):
            return "regency"
        return "province"

    @cached_property
    def sums(self):
        """Where this slice's sums come from: ``FigureSums`` or ``LineSums``."""
        chosen = {name for name in self.filterset.filters if self.value(name)} - {"level"}
        if self.staff or not chosen <= FIGURE_FILTERS:
            return LineSums(self.lines)
        return FigureSums({name: self.value(name) for name in chosen})

    def summary(self):
        """Totals, and totals by source, year, kind and type (``funding_summary``)."""
        return funding_summary(self.sums)

    def grouped_rows(self, level=None):
        """The drill-down rows at ``level`` (by default ``self.level``): see ``grouped_rows``."""
        level = level or self.level
        if level in FIGURE_LEVELS:
            return grouped_rows(self.sums, level)
        return grouped_rows(self.lines, level)

    def offer_years(self):
        """Put the budget years that have data for this viewer in the year list (one query)."""
        rows = self.base if self.staff else ProvinceFigure.objects.all()
        years = rows.order_by("-budget_year").values_list("budget_year", flat=True)
        self.filterset.set_years(list(years.distinct()))


def funding_slice(data, user=None, *, public=False):
    """The slice of funding lines that ``data`` (a QueryDict) selects for ``user``.

    Invalid parameters are left out, as on every list of the portal; the API
    checks ``slice.filterset.errors`` itself to answer 400 instead.
    """
    staff = not public and is_staff_viewer(user)
    base = visible_lines(user, public=public)
    filterset = FundingFilter(data, queryset=base, staff_user=user if staff else None)
    return FundingSlice(filterset=filterset, lines=filterset.qs, staff=staff, base=base)


# Where the figures come from ----------------------------------------------------------


class LineSums:
    """Sums and distinct counts straight from funding lines: any viewer, any slice."""

    paths = {
        "province": PROVINCE,
        "regency": REGENCY,
        "type": TYPE,
        "kind": f"{TYPE}__kind",
        "source": "source",
        "year": "budget_year",
    }

    def __init__(self, lines):
        self.lines = lines

    def rows(self, grouped_by=()):
        return self.lines

    def counts(self, grouped_by=()):
        """What a row counts besides money (``FundingLine.objects.sums``/``totals``)."""
        return {
            "forum_count": Count(FORUM, distinct=True),
            "activity_count": Count("activity", distinct=True),
            "unpublished_count": Count("activity", distinct=True, filter=_UNPUBLISHED),
        }

    def line_count(self):
        return Count("pk")


class FigureSums:
    """The same, summed from the funding figures (``reports.models``): public data only,
    and no finer than a regency. Which count column to sum depends on what the slice
    filters and groups by, so that its SUM is the distinct count."""

    paths = {
        "province": "province",
        "regency": "regency",
        "type": "activity_type",
        "kind": "activity_kind",
        "source": "source",
        "year": "budget_year",
    }

    def __init__(self, filters):
        """``filters``: {attribute: value} (``{"year": 2019, "province": <Province 13>}``)."""
        self.filters = {self.paths[name]: value for name, value in filters.items()}
        self.filtered_by = set(filters)

    def rows(self, grouped_by=()):
        """The province figures (fewer rows), unless the slice names or groups by regency."""
        by_regency = "regency" in self.filtered_by | set(grouped_by)
        return (RegencyFigure if by_regency else ProvinceFigure).objects.filter(**self.filters)

    def counts(self, grouped_by=()):
        used = self.filtered_by | set(grouped_by)
        per = "type" if "type" in used else "kind" if "kind" in used else None
        return {
            "forum_count": Sum(count_column("forums", per=per, by=used), default=0),
            "activity_count": Sum(count_column("activities", by=used), default=0),
        }

    def line_count(self):
        return Sum("lines", default=0)


def _sums(lines):
    return lines if isinstance(lines, LineSums | FigureSums) else LineSums(lines)


# Totals ------------------------------------------------------------------------


def _figures(row):
    """Budget, spending, remainder and counts out of a row annotated by ``sums(**counts())``."""
    budget, spending = int(row.pop("budget_sum")), int(row.pop("spending_sum"))
    row.update(budget=budget, spending=spending, remainder=budget - spending)
    return _counted(row)


def _counted(row):
    row.update(
        forums=row.pop("forum_count"),
        activities=row.pop("activity_count"),
        # figures count public data only: nothing unpublished
        unpublished=row.pop("unpublished_count", 0),
    )
    return row


def funding_totals(lines):
    """Budget, spending, remainder, and the forums, activities and lines they cover.

    ``lines``: funding lines, or the ``LineSums``/``FigureSums`` of a slice.
    """
    sums = _sums(lines)
    return _counted(sums.rows().totals(**sums.counts(), lines=sums.line_count()))


# Rows of the drill-down, from province to activity.
def _level_values(level, paths):
    if level == "province":
        return {"key": F(paths["province"]), "name": F(f"{paths['province']}__name")}
    if level == "regency":
        return {
            "key": F(paths["regency"]),
            "name": F(f"{paths['regency']}__name"),
            "province_code": F(paths["province"]),
        }
    return _LINE_LEVEL_VALUES[level]


_LINE_LEVEL_VALUES = {
    "forum": {
        "key": F(FORUM),
        "name": F(f"{FORUM}__name"),
        "slug": F(f"{FORUM}__slug"),
        "state": F(f"{FORUM}__state"),
        "village_name": F(f"{VILLAGE}__name"),
        "village_kind": F(f"{VILLAGE}__kind"),
        "district_name": F(f"{DISTRICT}__name"),
        "regency_name": F(f"{REGENCY}__name"),
    },
    "activity": {
        "key": F("activity"),
        "name": F("activity__title"),
        "state": F("activity__state"),
        "forum_state": F(f"{FORUM}__state"),
        "status": F("activity__status"),
        "forum_name": F(f"{FORUM}__name"),
        "type_name": F(f"{TYPE}__name"),
        "type_name_en": F(f"{TYPE}__name_en"),
        "kind": F(f"{TYPE}__kind"),
    },
}
_LEVEL_ORDER = {
    "province": ["key"],
    "regency": ["key"],
    "forum": ["name", "key"],
    "activity": ["forum_name", "name", "key"],
}
# The levels the figures can answer: a regency holds them all together.
FIGURE_LEVELS = {"province", "regency"}


def grouped_rows(lines, level):
    """Totals per province, regency, forum or activity: a lazy queryset of dicts.

    ``lines``: funding lines, or the sums of a slice (``FigureSums`` for provinces and
    regencies only). Slice or paginate it, then pass the rows through ``figure_rows``.
    """
    sums = _sums(lines)
    grouped_by = {level} & FIGURE_LEVELS
    return (
        sums.rows(grouped_by)
        .values(**_level_values(level, sums.paths))
        .sums(**sums.counts(grouped_by))
        .order_by(*_LEVEL_ORDER[level])
    )


def figure_rows(rows):
    """Rows of ``grouped_rows`` (or any annotated rows) with budget, spending, remainder…"""
    result = []
    for row in rows:
        row = _figures(dict(row))
        if "type_name" in row:
            row["type"] = localized(row.pop("type_name"), row.pop("type_name_en"))
        if "state" in row:
            row["state_label"] = str(capfirst(State(row["state"]).label))
            row["is_public"] = row["state"] == State.PUBLISHED and (
                row.get("forum_state", State.PUBLISHED) == State.PUBLISHED
            )
        if "status" in row:
            row["status_label"] = str(capfirst(Activity.Status(row["status"]).label))
        result.append(row)
    return result


def totals_by_source(lines):
    sums = _sums(lines)
    source = sums.paths["source"]
    rows = (
        sums.rows({"source"})
        .values(
            key=F(f"{source}__code"),
            name_id=F(f"{source}__name"),
            name_en=F(f"{source}__name_en"),
            position=F(f"{source}__position"),
        )
        .sums(**sums.counts({"source"}))
        .order_by("position", "name_id")
    )
    return [_named(row) for row in figure_rows(rows)]


def totals_by_year(lines):
    sums = _sums(lines)
    rows = sums.rows({"year"}).values(key=F(sums.paths["year"])).sums(**sums.counts({"year"}))
    rows = rows.order_by("key")
    return [{**row, "name": str(row["key"])} for row in figure_rows(rows)]


def totals_by_type(lines):
    sums = _sums(lines)
    activity_type = sums.paths["type"]
    rows = (
        sums.rows({"type"})
        .values(
            key=F(f"{activity_type}__code"),
            name_id=F(f"{activity_type}__name"),
            name_en=F(f"{activity_type}__name_en"),
            kind=F(f"{activity_type}__kind"),
            position=F(f"{activity_type}__position"),
        )
        .sums(**sums.counts({"type"}))
        .order_by("kind", "position", "name_id")
    )
    return [_named(row) for row in figure_rows(rows)]


def totals_by_kind(lines):
    sums = _sums(lines)
    labels = dict(ActivityKind.choices)
    rows = sums.rows({"kind"}).values(key=F(sums.paths["kind"])).sums(**sums.counts({"kind"}))
    rows = rows.order_by("key")
    return [
        {**row, "name": str(capfirst(labels.get(row["key"], row["key"])))}
        for row in figure_rows(rows)
    ]


def _named(row):
    row["name"] = localized(row.pop("name_id"), row.pop("name_en"))
    row.pop("position", None)
    return row


def funding_summary(lines):
    """Everything the summary shows besides the drill-down rows: a fixed five queries."""
    sums = _sums(lines)
    return {
        "totals": funding_totals(sums),
        "by_source": totals_by_source(sums),
        "by_year": totals_by_year(sums),
        "by_kind": totals_by_kind(sums),
        "by_type": totals_by_type(sums),
    }
