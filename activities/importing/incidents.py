"""The import of conflict incidents: one row per incident, through the staff incident form.

Each row becomes what the incident page would POST (``ConflictIncidentForm``), so the form
and the model's ``clean`` say what is wrong (a future date, more displaced than affected,
a village outside the user's regions) in the words the web form uses. The village is
named by its code (10 digits, "1372011001", or "13.72.01.1001") or by its names (village,
and as many of district, regency and province as make it unique). A row with a
"Reference" updates the incident of that village with it, while that incident is a draft
or returned and in the user's scope; otherwise the row is refused with the reason.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.models import ConflictIncident, ConflictTrigger, Village
from forums.services import can_edit
from forums.staff.incidents import ConflictIncidentForm
from forums.staff.regions import REGION_FIELDS
from forums.staff.submission import TOKEN_FIELD, VERSION_FIELD, version_of

from . import columns as c
from .checking import LOOKUP_CHUNK, Errors
from .columns import DATE, INTEGER, TEXT, Column
from .values import CellError, prepared, text_of

TRIGGER = "trigger"
FORM_FIELDS = [
    "occurred_on",
    "trigger",
    "village",
    "description",
    "people_affected",
    "people_displaced",
    "source",
]
NAME_KEYS = ("province_name", "regency_name", "district_name", "village_name")

COLUMNS = [
    Column(
        "reference",
        gettext_lazy("Reference"),
        help=gettext_lazy(
            "Your own code of the incident, unique in the village. Importing a row with "
            "the same reference again changes that incident (while it is a draft or "
            "returned)."
        ),
    ),
    Column(
        "village_code",
        gettext_lazy("Village code"),
        aliases=("Kode desa", "Kode kelurahan", "Kode wilayah"),  # as offices write them
        help=gettext_lazy(
            "The village's 10-digit code (1372011001 or 13.72.01.1001); or leave it empty "
            "and write the names of the province, regency or city, district and village."
        ),
    ),
    Column("province_name", gettext_lazy("Province")),
    Column("regency_name", gettext_lazy("Regency or city")),
    Column("district_name", gettext_lazy("District")),
    Column("village_name", gettext_lazy("Village"), aliases=("Desa", "Kelurahan")),
    Column(
        "occurred_on",
        gettext_lazy("Date"),
        DATE,
        required=True,
        help=gettext_lazy("The day of the incident: 22/10/2018 or 22 Oktober 2018."),
    ),
    Column(
        "trigger",
        gettext_lazy("Trigger"),
        TRIGGER,
        required=True,
        help=gettext_lazy("Pick from the list: the trigger's name (or its code)."),
    ),
    Column("description", gettext_lazy("Description"), TEXT, required=True),
    Column("people_affected", gettext_lazy("People affected"), INTEGER),
    Column("people_displaced", gettext_lazy("People displaced"), INTEGER),
    Column(
        "source",
        gettext_lazy("Source"),
        TEXT,
        required=True,
        help=gettext_lazy("Who reported it, or where it was published."),
    ),
]
BY_KEY = {column.key: column for column in COLUMNS}
# The form's field each column's errors are reported at.
FORM_KEY = {"village": "village_code"}


def missing_columns(index, columns):
    missing = [
        str(column.header) for column in columns if column.required and column.key not in index
    ]
    if "village_code" not in index and "village_name" not in index:
        missing.insert(0, f"{BY_KEY['village_code'].header} / {BY_KEY['village_name'].header}")
    return missing


def map_headers(row):
    return c.map_headers(row, columns=COLUMNS, preferred=(), read_only=(), missing=missing_columns)


def village_code(text):
    """ "1372011001" or "13.72.01.1001" as the region data writes it; else ""."""
    digits = re.sub(r"[.\s]", "", text)
    if not re.fullmatch(r"\d{10}", digits):
        return ""
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"


@dataclass
class Row:
    number: int
    values: dict
    bad: set = field(default_factory=set)
    village: str = ""  # the village's code, once found
    reference: str = ""
    existing: ConflictIncident | None = None


class Lookups:
    def __init__(self, user):
        self.user = user
        self.triggers = {}
        for trigger in ConflictTrigger.objects.all():
            for text in (trigger.code, trigger.name, trigger.name_en):
                self.triggers.setdefault(c.normalised(text), trigger.pk)
        self._by_names = {}

    def village_by_names(self, names):
        """The code of the one village with these names (village, then its parents as
        far as given), or "" with the reason."""
        key = tuple(c.normalised(name) for name in names)
        if key not in self._by_names:
            province, regency, district, village = names
            found = Village.objects.filter(name__iexact=village)
            if district:
                found = found.filter(district__name__iexact=district)
            if regency:
                # "Solok" names "Kota Solok" or "Kabupaten Solok" (then ambiguous, said so).
                found = found.filter(
                    Q(district__regency__name__iexact=regency)
                    | Q(district__regency__name__iexact=f"Kota {regency}")
                    | Q(district__regency__name__iexact=f"Kabupaten {regency}")
                )
            if province:
                found = found.filter(district__regency__province__name__iexact=province)
            codes = list(found.values_list("pk", flat=True)[:2])
            if not codes:
                self._by_names[key] = ("", _("No village has these names."))
            elif len(codes) > 1:
                self._by_names[key] = (
                    "",
                    _(
                        "More than one village has this name: add its district, regency "
                        "and province, or write its code."
                    ),
                )
            else:
                self._by_names[key] = (codes[0], "")
        return self._by_names[key]


def read_rows(rows, mapping, lookups, errors):
    for number, cells in rows:
        values, bad = {}, set()
        for key, position in mapping.index.items():
            kind = BY_KEY[key].kind
            cell = cells[position] if position < len(cells) else None
            try:
                value = prepared(cell, TEXT if kind == TRIGGER else kind)
            except CellError as error:
                errors.add(number, key, error.message)
                values[key], value = "", ""
                bad.add(key)
            if kind == TRIGGER and value != "":
                found = lookups.triggers.get(c.normalised(value))
                if found is None:
                    errors.add(number, key, _("Unknown trigger: choose one from the list."))
                    bad.add(key)
                    value = ""
                else:
                    value = found
            values[key] = value
        row = Row(number, values, bad, reference=text_of(values.get("reference", "")))
        _find_village(row, mapping, lookups, errors)
        yield row


def _find_village(row, mapping, lookups, errors):
    code_text = text_of(row.values.get("village_code", ""))
    if code_text:
        code = village_code(code_text)
        if not code:
            errors.add(row.number, "village_code", _("Write the village's 10-digit code."))
        elif not Village.objects.filter(pk=code).exists():
            errors.add(row.number, "village_code", _("No village has this code."))
        else:
            row.village = code
        return
    names = [text_of(row.values.get(key, "")) for key in NAME_KEYS]
    if not names[-1]:
        key = "village_name" if "village_name" in mapping.index else "village_code"
        errors.add(row.number, key, _("Write the village's code or its name."))
        return
    row.village, reason = lookups.village_by_names(names)
    if reason:
        errors.add(row.number, "village_name", reason)


def _attach_existing(rows, user, errors):
    """Each row with a reference gets the incident of its village with it (if any), and
    a reference twice for one village is refused."""
    seen = {}
    keyed = [row for row in rows if row.reference and row.village]
    for row in keyed:
        key = (row.village, row.reference.casefold())
        if key in seen:
            errors.add(
                row.number,
                "reference",
                _("the same reference and village as row %(row)s.") % {"row": seen[key]},
            )
        else:
            seen[key] = row.number
    for start in range(0, len(keyed), LOOKUP_CHUNK):
        chunk = keyed[start : start + LOOKUP_CHUNK]
        found = {}
        for incident in ConflictIncident.objects.filter(
            village_id__in={row.village for row in chunk},
            import_reference__in={row.reference for row in chunk},
        ):
            found[incident.village_id, incident.import_reference.casefold()] = incident
        # Matched ignoring case, as the activities' references are.
        for row in chunk:
            row.existing = found.get((row.village, row.reference.casefold()))


@dataclass
class Checked:
    row: Row
    form: object
    action: str  # "create", "update", "unchanged" or "invalid"


def check_row(row, user, errors):
    data = {}
    existing = row.existing
    if existing is not None:
        if not ConflictIncident.objects.in_scope(user).filter(pk=existing.pk).exists():
            errors.add(row.number, "reference", _("this incident is outside your regions."))
            return Checked(row, None, "invalid")
        saved = model_to_dict(existing, fields=FORM_FIELDS)
        data.update({name: "" if value is None else value for name, value in saved.items()})
        data[VERSION_FIELD] = version_of(existing)
    for name in FORM_FIELDS:
        if name in row.values:
            data[name] = row.values[name]
    data["village"] = row.village
    data[TOKEN_FIELD] = ""
    form = ConflictIncidentForm(data, instance=existing or ConflictIncident(), user=user)
    for name in REGION_FIELDS[:3]:
        del form.fields[name]  # steps of the picker towards the village: the code is enough
    valid = form.is_valid()
    for name, messages in form.errors.items():
        key = FORM_KEY.get(name, name)
        if name == "village" and "village_code" not in row.values:
            key = "village_name"
        if key in row.bad or (name == "village" and not row.village):
            continue  # already reported
        for message in messages:
            errors.add(row.number, key, message)
    if not valid:
        return Checked(row, form, "invalid")
    if existing is None:
        return Checked(row, form, "create")
    changed = [name for name in form.changed_data if name not in (TOKEN_FIELD, VERSION_FIELD)]
    changed = [name for name in changed if name in FORM_FIELDS]
    if not changed:
        return Checked(row, form, "unchanged")
    if not can_edit(existing, user):
        errors.add(
            row.number,
            "reference",
            _(
                "this incident was sent for verification or published; it can only be "
                "changed after it is returned."
            ),
        )
        return Checked(row, form, "invalid")
    return Checked(row, form, "update")


def check_table(table, user, *, progress=None, on_valid=None):
    """As ``checking.check_table``, for incidents: (errors, counts, problems, mapping)."""
    from .reading import data_rows

    mapping, problems = map_headers(table.headers)
    errors = Errors(mapping, by_key=BY_KEY)
    counts = {"rows": 0, "incidents": 0, "create": 0, "update": 0, "unchanged": 0}
    if problems:
        return errors, counts, problems, mapping
    lookups = Lookups(user)
    rows = list(read_rows(data_rows(table), mapping, lookups, errors))
    counts["rows"] = len(rows)
    _attach_existing(rows, user, errors)
    for done, row in enumerate(rows, 1):
        checked = check_row(row, user, errors)
        counts["incidents"] += 1
        if checked.action != "invalid":
            counts[checked.action] += 1
            if on_valid and checked.action in ("create", "update") and not errors.count:
                on_valid(checked)
        if progress:
            progress(done)
    return errors, counts, problems, mapping
