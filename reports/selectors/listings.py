"""Row by row: the funding lines of a slice for the downloads, and the activity register."""

from dataclasses import dataclass

from django.db.models import F, Max, Min, Q
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


# The word before a village's name in the exports ("Kelurahan Tanah Garam").
VILLAGE_WORDS = {"desa": "Desa", "kelurahan": "Kelurahan"}
_EXPORT_ORDER = [
    PROVINCE,
    REGENCY,
    f"{FORUM}__name",
    FORUM,
    "activity",
    "budget_year",
    "source__position",
]
# What ``spreadsheet_text`` (reports/exports.py) cleans, for PostgreSQL: the control
# characters XLSX refuses, and the first characters that make text a formula.
_CONTROL = r"[\x01-\x08\x0b\x0c\x0e-\x1f]"
_FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def export_copy_sql(lines, cursor):
    """``export_rows`` as one PostgreSQL ``COPY … TO STDOUT (FORMAT csv)``: the same columns,
    labels and cleaned text, written by the database (four times faster than Python at
    national size). ``cursor`` quotes the values (COPY takes no parameters)."""
    aliases = {f"c{index}": F(path) for index, path in enumerate(_EXPORT_PATHS)}
    order = {f"o{index}": F(path) for index, path in enumerate(_EXPORT_ORDER)}
    inner = lines.order_by().values(**aliases, **order)
    sql, params = inner.query.sql_with_params()
    english = (get_language() or "").startswith("en")

    def quoted(value):
        return cursor.mogrify("%s", [value]).decode()

    def label(column, choices):
        cases = " ".join(
            f"WHEN {quoted(value)} THEN {quoted(str(capfirst(text)))}"
            for value, text in choices.choices
        )
        return f"CASE {column} {cases} ELSE {column} END"

    starts = ", ".join(quoted(start) for start in _FORMULA_STARTS)

    def clean(expression):
        # Most text holds no control character: look for one before replacing.
        control = quoted(_CONTROL)
        text = (
            f"CASE WHEN {expression} ~ {control} "
            f"THEN regexp_replace({expression}, {control}, '', 'g') ELSE {expression} END"
        )
        formula = f"left({text}, 1) IN ({starts})"
        return f"CASE WHEN {formula} THEN {quoted(chr(39))} || {text} ELSE {text} END"

    kinds = " ".join(f"WHEN {quoted(k)} THEN {quoted(word)}" for k, word in VILLAGE_WORDS.items())
    village = f"trim(CASE c6 {kinds} ELSE '' END || ' ' || c7)"
    columns = [
        *(clean(f"c{index}") for index in range(6)),
        clean(village),
        "c8",
        clean("c9"),
        "c10",
        clean("c11"),
        clean("c13" if english else "c12"),
        label("c14", ActivityKind),
        label("c15", Activity.Status),
        label("c16", State),
        clean("c17"),
        clean("c19" if english else "c18"),
        "c20",
        clean("c21"),
        "c22",
        "c23",
        "c22 - c23",
    ]
    ordering = ", ".join(order)  # the order of export_rows, applied to the outer query
    select = cursor.mogrify(
        f"SELECT {', '.join(columns)} FROM ({sql}) AS line ORDER BY {ordering}", params
    )
    return f"COPY ({select.decode()}) TO STDOUT WITH (FORMAT csv)"


def export_rows(lines):
    """One tuple per funding line of the slice, streamed from the database in chunks.

    Columns follow ``reports.exports.COLUMNS``; amounts are integers.
    """
    kinds, statuses, states = (
        {value: str(capfirst(label)) for value, label in choices.choices}
        for choices in (ActivityKind, Activity.Status, State)
    )
    english = (get_language() or "").startswith("en")  # as ``localized``, once per export
    rows = lines.order_by(*_EXPORT_ORDER).values_list(*_EXPORT_PATHS)
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
            f"{VILLAGE_WORDS.get(village_kind, '')} {village}".strip(),
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
