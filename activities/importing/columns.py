"""Which column of a sheet is which field, by its header.

Headers are compared as people read them: in the user's language and in English,
ignoring case, spaces and a trailing "*". The template's headers are listed here; so
are those of the funding-lines export (``reports.exports.COLUMNS``: duplicated by msgid
rather than imported, since ``activities`` may not import ``reports``), so that an
export filled in comes back: its "Activity ID" is the reference of an update, its
"Forum ID" and "Source code" name the forum and the source, and the columns it has
only for reading (regions, kind, state, remainder) are left alone.
"""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Kinds of value, each normalised in ``values`` before the forms see it.
TEXT, DATE, INTEGER, DECIMAL, MONEY = "text", "date", "integer", "decimal", "money"
FORUM, TYPE, SOURCE, STATUS = "forum", "type", "source", "status"


@dataclass(frozen=True)
class Column:
    key: str  # the form field (or "reference" / "activity_id")
    header: object  # lazy text, as the template writes it
    kind: str = TEXT
    line: bool = False  # a funding line's field (else the activity's)
    aliases: tuple = ()
    required: bool = False
    in_template: bool = True
    help: object = ""


COLUMNS = [
    Column(
        "reference",
        _("Reference"),
        required=True,
        help=_(
            "Your own code of the activity, unique in the regency; repeat it on every "
            "funding line of the activity."
        ),
    ),
    Column("activity_id", _("Activity ID"), INTEGER, in_template=False),
    Column(
        "forum",
        _("Forum"),
        FORUM,
        aliases=(_("Forum ID"),),
        required=True,
        help=_("Pick from the list: the forum's number and name."),
    ),
    Column("activity_type", _("Activity type"), TYPE, required=True),
    Column("title", _("Title"), aliases=(_("Activity"),), required=True),
    Column("description", _("Description")),
    Column("status", _("Status"), STATUS),
    Column("location", _("Location")),
    Column("latitude", _("Latitude"), DECIMAL),
    Column("longitude", _("Longitude"), DECIMAL),
    Column("volume", _("Planned volume"), DECIMAL),
    Column("achieved_volume", _("Achieved volume"), DECIMAL),
    Column("unit", _("Unit")),
    Column("planned_start", _("Planned start"), DATE),
    Column("planned_end", _("Planned end"), DATE),
    Column("actual_start", _("Actual start"), DATE),
    Column("actual_end", _("Actual end"), DATE),
    Column("executor", _("Executor")),
    Column("beneficiaries_male", _("Beneficiaries (men)"), INTEGER),
    Column("beneficiaries_female", _("Beneficiaries (women)"), INTEGER),
    Column("remarks", _("Remarks")),
    Column(
        "source", _("Funding source"), SOURCE, line=True, aliases=(_("Source code"),), required=True
    ),
    Column("budget_year", _("Budget year"), INTEGER, line=True, required=True),
    Column("purpose", _("Purpose"), line=True),
    Column(
        "budget",
        _("Budget (Rp)"),
        MONEY,
        line=True,
        required=True,
        help=_("Whole rupiah: 150000000, 150.000.000 or Rp 150.000.000."),
    ),
    Column("spending", _("Spending (Rp)"), MONEY, line=True),
    Column("member_name", _("DPR RI member"), line=True),
    Column("electoral_district", _("Electoral district"), line=True),
]
BY_KEY = {column.key: column for column in COLUMNS}
# Of two headers for one field, the one that names a record exactly wins: the export
# has "Forum ID" beside the forum's name and "Source code" beside the source's.
PREFERRED = {_("Forum ID"), _("Source code")}
# Columns of the funding export that are there to read, not to import.
READ_ONLY_HEADERS = [
    _("Province code"),
    _("Province"),
    _("Regency/city code"),
    _("Regency or city"),
    _("District"),
    _("Village code"),
    _("Village"),
    _("Kind"),
    _("State"),
    _("Remainder (Rp)"),
]
# The first cell of the export's totals row.
TOTAL = _("Total")


def normalised(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


def spellings(text):
    """A header as the user's language and English write it."""
    with translation.override("en"):
        english = str(text)
    return {normalised(text), normalised(english)}


@dataclass
class Mapping:
    """Field key → column index; the header text of each field as the file writes it."""

    index: dict
    headers: dict
    ignored: list


def _activity_missing(index, columns):
    """The required columns a file of activities lacks (an "Activity ID" stands in for
    the reference)."""
    has_key = "reference" in index or "activity_id" in index
    return [
        str(column.header)
        for column in columns
        if column.required
        and column.key not in index
        and not (column.key == "reference" and has_key)
    ]


def map_headers(
    row, columns=COLUMNS, preferred=PREFERRED, read_only=READ_ONLY_HEADERS, missing=None
):
    """Map a file's header row to fields. Returns (Mapping, problems): problems are
    messages for the whole file (a column twice, required ones missing).

    ``columns``, ``preferred``, ``read_only`` and ``missing(index, columns)`` (the
    headers of required columns absent) describe one kind of import; the defaults are
    the activities'."""
    known = {}
    preferred_spellings = set().union(set(), *(spellings(text) for text in preferred))
    for column in columns:
        for text in (column.header, *column.aliases):
            for spelling in spellings(text):
                known.setdefault(spelling, (column.key, spelling in preferred_spellings))
    read_only = set().union(set(), *(spellings(text) for text in read_only))
    index, headers, preferred, ignored, problems = {}, {}, {}, [], []
    for position, header in enumerate(row):
        name = normalised(header)
        if not name or name in read_only:
            continue
        match = known.get(name)
        if match is None:
            ignored.append(str(header).strip())
            continue
        key, is_preferred = match
        if key in index and preferred[key] == is_preferred:
            problems.append(
                _("The column “%(header)s” appears twice.") % {"header": str(header).strip()}
            )
            continue
        if key in index and not is_preferred:
            continue
        index[key], headers[key], preferred[key] = position, str(header).strip(), is_preferred
    missing = (missing or _activity_missing)(index, columns)
    if missing:
        problems.append(
            _("Columns missing: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
    return Mapping(index=index, headers=headers, ignored=ignored), problems
