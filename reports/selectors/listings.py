"""Row by row: the funding lines of a slice for the downloads, and the activity register."""

from dataclasses import dataclass

from django.db.models import F, Max, Min
from django.utils.text import capfirst
from django.utils.translation import get_language
from xlsxwriter.utility import xl_col_to_name

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
    # What the activity achieved, after the amounts: the columns before keep their places.
    "activity__executor",
    "activity__volume",
    "activity__achieved_volume",
    "activity__unit",
    "activity__beneficiaries_male",
    "activity__beneficiaries_female",
    "activity__remarks",
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
_FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]  # the last two are control characters
# Which of ``export_rows``' columns are numbers (the others are text), and amounts.
_NUMBERS = {7, 9, 17, 19, 20, 21, 23, 24, 26, 27}
_AMOUNTS = {19, 20, 21}
_VOLUMES = {23, 24}  # decimals, written without trailing zeros (150, 12.5)
_LABELS = {12, 13, 14}  # the portal's own words for kinds, statuses and states
# XlsxWriter's escapes of a text cell (xlsxwriter/xmlwriter.py), in its order: a literal
# "_xHHHH_" protected, control characters (only the carriage return is left after the
# cleaning) and non-characters as "_xHHHH_", then the XML escapes. Tab, line feed and
# backslash become character references, which the text format of COPY leaves alone.
_XLSX_ESCAPES = [
    ("regexp", "(_x[0-9a-fA-F]{4}_)", r"_x005F\1"),
    ("replace", "\r", "_x000D_"),
    ("replace", "\ufffe", "_xFFFE_"),
    ("replace", "\uffff", "_xFFFF_"),
    ("replace", "&", "&amp;"),
    ("replace", "<", "&lt;"),
    ("replace", ">", "&gt;"),
    ("replace", "\\", "&#92;"),
    ("replace", "\t", "&#9;"),
    ("replace", "\n", "&#10;"),
]
# Text that needs more than the formula check: what the escapes and cleaning touch, and
# leading or trailing white space (XlsxWriter marks it to be preserved).
_XLSX_SPECIAL = r"[\x01-\x1f&<>\\\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$"


class _ExportSQL:
    """``export_rows`` written by PostgreSQL, for the two downloads of everything.

    ``raw`` selects the same columns and labels as ``export_rows`` (x0, x1 …) and the
    ordering columns; ``csv`` and ``sheet_rows`` clean each text as ``spreadsheet_text``
    does. ``cursor`` quotes the values (COPY takes no parameters).
    """

    def __init__(self, lines, cursor):
        self.cursor = cursor
        aliases = {f"c{index}": F(path) for index, path in enumerate(_EXPORT_PATHS)}
        self.order = {f"o{index}": F(path) for index, path in enumerate(_EXPORT_ORDER)}
        inner = lines.order_by().values(**aliases, **self.order)
        sql, params = inner.query.sql_with_params()
        english = (get_language() or "").startswith("en")
        kinds = " ".join(
            f"WHEN {self.quoted(kind)} THEN {self.quoted(word)}"
            for kind, word in VILLAGE_WORDS.items()
        )
        columns = [
            *(f"c{index}" for index in range(6)),
            f"trim(CASE c6 {kinds} ELSE '' END || ' ' || c7)",
            "c8",
            "c9",
            "c10",
            "c11",
            "c13" if english else "c12",
            self.label("c14", ActivityKind),
            self.label("c15", Activity.Status),
            self.label("c16", State),
            "c17",
            "c19" if english else "c18",
            "c20",
            "c21",
            "c22",
            "c23",
            "c22 - c23",
            "c24",
            # As ``plain_number``: 150 and 12.5, not 150.00 and 12.50.
            "trim_scale(c25)",
            "trim_scale(c26)",
            "c27",
            "c28",
            "c29",
            "c30",
        ]
        self.width = len(columns)
        selected = ", ".join(f"{column} AS x{index}" for index, column in enumerate(columns))
        raw = f"SELECT {selected}, {', '.join(self.order)} FROM ({sql}) AS line"
        self.raw = cursor.mogrify(raw, params).decode()

    def quoted(self, value):
        return self.cursor.mogrify("%s", [value]).decode()

    def label(self, column, choices):
        cases = " ".join(
            f"WHEN {self.quoted(value)} THEN {self.quoted(str(capfirst(text)))}"
            for value, text in choices.choices
        )
        return f"CASE {column} {cases} ELSE {column} END"

    def formula_safe(self, text, starts=_FORMULA_STARTS):
        """``text`` with an apostrophe before it where it starts as a formula would. The
        first character's code is compared: cheaper than cutting it out as text."""
        codes = ", ".join(str(ord(start)) for start in starts)
        apostrophe = self.quoted(chr(39))
        return f"CASE WHEN ascii({text}) IN ({codes}) THEN {apostrophe} || {text} ELSE {text} END"

    def without_control(self, column):
        control = self.quoted(_CONTROL)
        return f"regexp_replace({column}, {control}, '', 'g')"

    def csv(self, delimiter=","):
        """``COPY … TO STDOUT (FORMAT csv)`` of the lines: what ``csv_chunks`` writes."""
        control = self.quoted(_CONTROL)
        columns = []
        for index in range(self.width):
            column = f"x{index}"
            if index in _NUMBERS or index in _LABELS:
                columns.append(column)
                continue
            # Most text holds no control character: look for one (once) before replacing.
            cleaned = self.formula_safe(self.without_control(column))
            plain = self.formula_safe(column)  # tab and carriage return stay in a CSV
            columns.append(f"CASE WHEN {column} ~ {control} THEN {cleaned} ELSE {plain} END")
        select = (
            f"SELECT {', '.join(columns)} FROM ({self.raw}) AS raw ORDER BY {', '.join(self.order)}"
        )
        separator = self.quoted(delimiter)
        return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, DELIMITER {separator})"

    def sheet_rows(self, first_row, limit, amount_style):
        """``COPY … TO STDOUT`` of the lines as the ``<row>`` elements of an XLSX sheet,
        one per line, numbered from ``first_row``: what XlsxWriter writes for each row of
        ``write_xlsx`` (inline strings; amounts in the cell style ``amount_style``).

        At most ``limit`` rows, so a line added meanwhile cannot run into the totals row.
        Text needing no escape (nearly all) takes the short way. Every character COPY's
        text format would escape is written as an XML character reference, so each output
        line is exactly one row element.
        """
        special = self.quoted(_XLSX_SPECIAL)
        preserve = self.quoted(r"^\s|\s$")
        cells = []
        for index in range(self.width):
            column, letter = f"x{index}", xl_col_to_name(index)
            at = f"'<c r=\"{letter}' || n || '\"'"
            if index in _NUMBERS:
                style = f' s="{amount_style}"' if index in _AMOUNTS else ""
                cells.append(f"coalesce({at} || '{style}><v>' || {column} || '</v></c>', '')")
                continue
            inline = f'{at} || \' t="inlineStr"><is><t'
            # Text without any control character cannot start with a tab or return.
            plain = f"{inline}>' || {self.formula_safe(column, starts=_FORMULA_STARTS[:4])}"
            cleaned = self.formula_safe(self.without_control(column))
            escaped = cleaned
            for function, old, new in _XLSX_ESCAPES:
                arguments = f"{escaped}, {self.quoted(old)}, {self.quoted(new)}"
                escaped = (
                    f"regexp_replace({arguments}, 'g')"
                    if function == "regexp"
                    else (f"replace({arguments})")
                )
            kept = f"CASE WHEN {cleaned} ~ {preserve} THEN ' xml:space=\"preserve\"' ELSE '' END"
            marked = f"{inline}' || {kept} || '>' || {escaped}"
            text = f"CASE WHEN {column} ~ {special} THEN {marked} ELSE {plain} END"
            cells.append(f"coalesce({text} || '</t></is></c>', '')")
        numbered = (
            f"SELECT raw.*, row_number() OVER (ORDER BY {', '.join(self.order)}) "
            f"+ {int(first_row) - 1} AS n FROM ({self.raw}) AS raw"
        )
        row = f"'<row r=\"' || n || '\">' || {' || '.join(cells)} || '</row>'"
        select = f"SELECT {row} FROM ({numbered}) AS line ORDER BY n LIMIT {int(limit)}"
        return f"COPY ({select}) TO STDOUT"


def export_copy_sql(lines, cursor, delimiter=","):
    """``export_rows`` as one PostgreSQL ``COPY … TO STDOUT (FORMAT csv)``: the same columns,
    labels and cleaned text, written by the database (four times faster than Python at
    national size)."""
    return _ExportSQL(lines, cursor).csv(delimiter)


def export_sheet_sql(lines, cursor, *, first_row, limit, amount_style):
    """``export_rows`` as the XLSX rows XlsxWriter would write (``_ExportSQL.sheet_rows``)."""
    return _ExportSQL(lines, cursor).sheet_rows(first_row, limit, amount_style)


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
        executor,
        volume,
        achieved_volume,
        unit,
        beneficiaries_male,
        beneficiaries_female,
        remarks,
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
            executor,
            plain_number(volume),
            plain_number(achieved_volume),
            unit,
            beneficiaries_male,
            beneficiaries_female,
            remarks,
        )


def plain_number(value):
    """A decimal without trailing zeros for the downloads: 150 (an integer), 12.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


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
    # A column per funding source the slice uses: a regency's sheet has two or three, not
    # all six, and its text columns get the room. An empty slice keeps the active ones.
    sources = list(
        FundingSource.objects.filter(pk__in=lines.values("source")).order_by("position", "name")
    ) or list(FundingSource.objects.filter(is_active=True).order_by("position", "name"))
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
