"""Row by row: the funding lines of a slice for the downloads, and the activity register."""

from dataclasses import dataclass

from django.db.models import Max, Min, Q
from django.utils.text import capfirst
from django.utils.translation import get_language

from activities.models import Activity, ActivityKind, FundingSource
from forums.models import State

from .slices import (
    DISTRICT,
    FORUM,
    PROVINCE,
    REGENCY,
    TYPE,
    VILLAGE,
    totals_by_source,
)

# More activities than this and the register asks for a narrower slice instead of
# printing a partial register whose totals would not match the page.
REGISTER_LIMIT = 5000

# Exports -----------------------------------------------------------------------

# What ``export_rows`` reads of each funding line.
_EXPORT_PATHS = [
    PROVINCE,
    f"{PROVINCE}__name",
    REGENCY,
    f"{REGENCY}__name",
    f"{DISTRICT}__name",
    VILLAGE,
    f"{VILLAGE}__kind",
    f"{VILLAGE}__name",
    FORUM,
    f"{FORUM}__name",
    "activity",
    "activity__title",
    f"{TYPE}__name",
    f"{TYPE}__name_en",
    f"{TYPE}__kind",
    "activity__status",
    "activity__state",
    "source__code",
    "source__name",
    "source__name_en",
    "budget_year",
    "purpose",
    "budget",
    "spending",
]
# Rows per fetch from the database cursor: fewer round trips, a few MB held at a time.
EXPORT_CHUNK = 10_000


def export_rows(lines):
    """One tuple per funding line of the slice, streamed from the database in chunks.

    Columns follow ``reports.exports.COLUMNS``; amounts are integers.
    """
    kinds, statuses, states = (
        {value: str(capfirst(label)) for value, label in choices.choices}
        for choices in (ActivityKind, Activity.Status, State)
    )
    village_kinds = {"desa": "Desa", "kelurahan": "Kelurahan"}
    english = (get_language() or "").startswith("en")  # as ``localized``, once per export
    rows = lines.order_by(
        PROVINCE, REGENCY, f"{FORUM}__name", FORUM, "activity", "budget_year", "source__position"
    ).values_list(*_EXPORT_PATHS)
    for (
        province_code,
        province,
        regency_code,
        regency,
        district,
        village_code,
        village_kind,
        village,
        forum_id,
        forum,
        activity_id,
        title,
        type_name,
        type_name_en,
        kind,
        status,
        state,
        source_code,
        source_name,
        source_name_en,
        year,
        purpose,
        budget,
        spending,
    ) in rows.iterator(chunk_size=EXPORT_CHUNK):
        yield (
            province_code,
            province,
            regency_code,
            regency,
            district,
            village_code,
            f"{village_kinds.get(village_kind, '')} {village}".strip(),
            forum_id,
            forum,
            activity_id,
            title,
            type_name_en if english else type_name,
            kinds.get(kind, kind),
            statuses.get(status, status),
            states.get(state, state),
            source_code,
            source_name_en if english else source_name,
            year,
            purpose,
            budget,
            spending,
            budget - spending,
        )


# The printable register ----------------------------------------------------------


@dataclass
class Register:
    """One row per activity with its budget per funding source (see ``activity_register``)."""

    sources: list
    rows: list
    source_totals: list
    totals: dict
    too_many: bool = False


def activity_register(lines, totals, limit=REGISTER_LIMIT):
    """The register of the slice's activities, in region, forum and title order.

    Beyond ``limit`` activities it returns an empty register marked ``too_many``
    rather than a partial one. Four queries whatever the size.
    """
    if totals["activities"] > limit:
        return Register(sources=[], rows=[], source_totals=[], totals=totals, too_many=True)
    sources = list(
        FundingSource.objects.filter(Q(is_active=True) | Q(pk__in=lines.values("source")))
        .distinct()
        .order_by("position", "name")
    )
    money = {}
    for row in lines.values("activity", "source").sums(
        first_year=Min("budget_year"), last_year=Max("budget_year")
    ):
        entry = money.setdefault(
            row["activity"], {"by_source": {}, "budget": 0, "spending": 0, "years": set()}
        )
        entry["by_source"][row["source"]] = int(row["budget_sum"])
        entry["budget"] += int(row["budget_sum"])
        entry["spending"] += int(row["spending_sum"])
        entry["years"].update({row["first_year"], row["last_year"]})
    activities = (
        Activity.objects.filter(pk__in=lines.values("activity"))
        .select_related("activity_type", "forum__village__district__regency__province")
        .order_by("forum__village__district__regency", "forum__name", "forum", "title", "pk")
    )
    rows = []
    for number, activity in enumerate(activities, start=1):
        entry = money[activity.pk]
        years = sorted(entry["years"])
        rows.append(
            {
                "number": number,
                "activity": activity,
                "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
                "by_source": [entry["by_source"].get(source.pk, 0) for source in sources],
                "budget": entry["budget"],
                "spending": entry["spending"],
                "remainder": entry["budget"] - entry["spending"],
            }
        )
    by_code = {row["key"]: row["budget"] for row in totals_by_source(lines)}
    return Register(
        sources=sources,
        rows=rows,
        source_totals=[by_code.get(source.code, 0) for source in sources],
        totals=totals,
    )
