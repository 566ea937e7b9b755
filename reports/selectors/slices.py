"""Who sees which funding lines, the slice a query string selects, and its totals."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import get_language

from activities.models import Activity, ActivityKind, FundingLine
from forums.models import State, scope_of

from ..filters import LEVELS, FundingFilter

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


@dataclass
class FundingSlice:
    """The funding lines selected by a query string, for one viewer."""

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

    def offer_years(self):
        """Put the budget years that have data for this viewer in the year list (one query)."""
        years = self.base.order_by("-budget_year").values_list("budget_year", flat=True)
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


# Totals ------------------------------------------------------------------------


def _counts():
    """What a row counts besides money (``FundingLine.objects.sums``/``totals``)."""
    return {
        "forum_count": Count(FORUM, distinct=True),
        "activity_count": Count("activity", distinct=True),
        "unpublished_count": Count("activity", distinct=True, filter=_UNPUBLISHED),
    }


def _figures(row):
    """Budget, spending, remainder and counts out of a row annotated by ``sums(**_counts())``."""
    budget, spending = int(row.pop("budget_sum")), int(row.pop("spending_sum"))
    row.update(budget=budget, spending=spending, remainder=budget - spending)
    return _counted(row)


def _counted(row):
    row.update(
        forums=row.pop("forum_count"),
        activities=row.pop("activity_count"),
        unpublished=row.pop("unpublished_count"),
    )
    return row


def funding_totals(lines):
    """Budget, spending, remainder, and the forums, activities and lines they cover."""
    return _counted(lines.totals(**_counts(), lines=Count("pk")))


# Rows of the drill-down, from province to activity.
_LEVEL_VALUES = {
    "province": {"key": F(PROVINCE), "name": F(f"{PROVINCE}__name")},
    "regency": {
        "key": F(REGENCY),
        "name": F(f"{REGENCY}__name"),
        "province_code": F(f"{REGENCY}__province"),
    },
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


def grouped_rows(lines, level):
    """Totals per province, regency, forum or activity: a lazy queryset of dicts.

    Slice or paginate it, then pass the rows through ``figure_rows``.
    """
    return lines.values(**_LEVEL_VALUES[level]).sums(**_counts()).order_by(*_LEVEL_ORDER[level])


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
    rows = (
        lines.values(
            key=F("source__code"),
            name_id=F("source__name"),
            name_en=F("source__name_en"),
            position=F("source__position"),
        )
        .sums(**_counts())
        .order_by("position", "name_id")
    )
    return [_named(row) for row in figure_rows(rows)]


def totals_by_year(lines):
    rows = lines.values(key=F("budget_year")).sums(**_counts()).order_by("key")
    return [{**row, "name": str(row["key"])} for row in figure_rows(rows)]


def totals_by_type(lines):
    rows = (
        lines.values(
            key=F(f"{TYPE}__code"),
            name_id=F(f"{TYPE}__name"),
            name_en=F(f"{TYPE}__name_en"),
            kind=F(f"{TYPE}__kind"),
            position=F(f"{TYPE}__position"),
        )
        .sums(**_counts())
        .order_by("kind", "position", "name_id")
    )
    return [_named(row) for row in figure_rows(rows)]


def totals_by_kind(lines):
    labels = dict(ActivityKind.choices)
    rows = lines.values(key=F(f"{TYPE}__kind")).sums(**_counts()).order_by("key")
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
    return {
        "totals": funding_totals(lines),
        "by_source": totals_by_source(lines),
        "by_year": totals_by_year(lines),
        "by_kind": totals_by_kind(lines),
        "by_type": totals_by_type(lines),
    }
