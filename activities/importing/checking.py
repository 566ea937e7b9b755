"""Every row of a sheet through the staff forms and the models: one validation path.

The rows of one activity (the same reference, or the same "Activity ID" of the
funding export) become what the activity page would POST: the ``ActivityForm`` data
from the first row, and one ``FundingLineFormSet`` row per line. The form, the formset
and the models' ``full_clean`` then say what is wrong, in the words the web form uses,
and each error is placed at its row and column ("Row 12, column Budget (Rp): …").

An update starts from the activity as it is, so a column the file does not have keeps
its value, and a funding line is matched by its source, year and purpose. An activity
the file leaves as it is counts as unchanged and is not written, whatever its state.
"""

from dataclasses import dataclass, field

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityType, FundingSource
from activities.staff.forms import ActivityForm, FundingLineFormSet
from forums.models import Forum
from forums.services import can_edit
from forums.staff.submission import TOKEN_FIELD, VERSION_FIELD, version_of

from . import columns as c
from .columns import BY_KEY, COLUMNS
from .values import CellError, prepared, text_of

PREFIX = "funding"
LOOKUP_CHUNK = 500
ACTIVITY_FIELDS = [name for name in ActivityForm._meta.fields if name != "posts"]
LINE_FIELDS = list(FundingLineFormSet.form._meta.fields)


@dataclass
class Row:
    number: int
    values: dict  # field key → value ready for the form
    bad: set = field(default_factory=set)  # cells already reported as unreadable


@dataclass
class Group:
    """The rows of one activity, and the saved activity they update (if any)."""

    key: tuple
    rows: list = field(default_factory=list)
    existing: Activity | None = None
    reference: str = ""


@dataclass
class Checked:
    """One activity's form and formset, valid or not, and what the import would do."""

    group: Group
    form: object
    formset: object
    action: str  # "create", "update", "unchanged" or "invalid"


class Errors:
    """Errors by row and column, the first ``keep`` kept in full, all counted."""

    def __init__(self, mapping, keep=500, by_key=None):
        self.mapping, self.keep, self.count, self.items = mapping, keep, 0, []
        self.by_key = BY_KEY if by_key is None else by_key

    def add(self, row, key, message):
        self.count += 1
        if len(self.items) < self.keep:
            self.items.append([row, self.column(key), str(message)])

    def column(self, key):
        if key is None or key == "__all__":
            return ""
        if key in self.mapping.headers:
            return self.mapping.headers[key]
        column = self.by_key.get(key)
        return str(column.header) if column else key


def describe(row, column, message):
    """ "Row 12, column Budget (Rp): …" (or "Row 12: …" for the row as a whole)."""
    if column:
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": row,
            "column": column,
            "message": message,
        }
    return _("Row %(row)s: %(message)s") % {"row": row, "message": message}


class Lookups:
    """The reference lists and the user's forums, read once per import."""

    def __init__(self, user):
        self.user = user
        self.types = _by_names(ActivityType.objects.all())
        self.sources = _by_names(FundingSource.objects.all())
        self.statuses = {}
        for value, label in Activity.Status.choices:
            for spelling in (value, *c.spellings(label)):
                self.statuses[c.normalised(spelling)] = value
        self._forum_names = None
        self.forum_regency = {}

    def forum(self, value):
        """A forum's pk from "12", 12, "12 — FKS Tanah Garam" or a name unique in scope;
        else the text, which the form refuses."""
        text = text_of(value)
        head = text.split(" ", 1)[0].rstrip(".—-:")
        if head.isdigit():
            return int(head)
        if self._forum_names is None:
            names = {}
            for pk, name in Forum.objects.in_scope(self.user).values_list("pk", "name"):
                names.setdefault(c.normalised(name), []).append(pk)
            self._forum_names = names
        found = self._forum_names.get(c.normalised(text), [])
        return found[0] if len(found) == 1 else text

    def load_forums(self, pks):
        """Remember the regency of each in-scope forum among ``pks``."""
        pks = [pk for pk in set(pks) if isinstance(pk, int) and pk not in self.forum_regency]
        for start in range(0, len(pks), LOOKUP_CHUNK):
            chunk = pks[start : start + LOOKUP_CHUNK]
            for pk, village in (
                Forum.objects.in_scope(self.user)
                .filter(pk__in=chunk)
                .values_list("pk", "village_id")
            ):
                self.forum_regency[pk] = village[:5]


def _by_names(items):
    found = {}
    for item in items:
        for text in (item.code, item.name, item.name_en):
            found.setdefault(c.normalised(text), item.pk)
    return found


def read_rows(rows, mapping, lookups, errors):
    """The sheet's data rows as ``Row``s (cells read, choices resolved to keys)."""
    for number, cells in rows:
        if _is_totals_row(cells, mapping):
            continue
        values, bad = {}, set()
        for key, position in mapping.index.items():
            kind = BY_KEY[key].kind
            cell = cells[position] if position < len(cells) else None
            try:
                value = prepared(cell, kind)
            except CellError as error:
                errors.add(number, key, error.message)
                values[key] = ""
                bad.add(key)
                continue
            if value == "":
                values[key] = ""
                continue
            if kind == c.FORUM:
                value = lookups.forum(value)
            elif kind == c.TYPE:
                value = lookups.types.get(c.normalised(value), value)
            elif kind == c.SOURCE:
                value = lookups.sources.get(c.normalised(value), value)
            elif kind == c.STATUS:
                value = lookups.statuses.get(c.normalised(value), value)
            values[key] = value
        yield Row(number, values, bad)


def _is_totals_row(cells, mapping):
    """The funding export's last row: "Total" in its first cell, no activity."""
    first = c.normalised(cells[0] if cells else "")
    return first in c.spellings(c.TOTAL) and not any(
        cells[mapping.index[key]] not in (None, "")
        for key in ("activity_id", "reference", "title")
        if key in mapping.index and mapping.index[key] < len(cells)
    )


def grouped(rows, mapping, lookups, errors):
    """Rows gathered into activities (in the order each first appears), each with the
    saved activity it updates."""
    groups, rows = {}, list(rows)
    lookups.load_forums(row.values.get("forum") for row in rows)
    for row in rows:
        values = row.values
        activity_id = values.get("activity_id", "")
        reference = text_of(values.get("reference", ""))
        if activity_id != "":
            if not isinstance(activity_id, int):
                errors.add(row.number, "activity_id", _("Enter a whole number."))
                continue
            key = ("id", activity_id)
        elif reference:
            regency = lookups.forum_regency.get(values.get("forum"))
            key = ("reference", regency, reference.casefold())
        else:
            errors.add(
                row.number,
                "reference" if "reference" in mapping.index else "activity_id",
                _("This field is required."),
            )
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(key, reference=reference)
        group.rows.append(row)
    _attach_existing(list(groups.values()), lookups, errors)
    return list(groups.values())


def _attach_existing(groups, lookups, errors):
    scoped = Activity.objects.in_scope(lookups.user)
    by_id = [group for group in groups if group.key[0] == "id"]
    by_reference = [group for group in groups if group.key[0] == "reference" and group.key[1]]
    for start in range(0, len(by_id), LOOKUP_CHUNK):
        chunk = by_id[start : start + LOOKUP_CHUNK]
        found = scoped.filter(pk__in=[group.key[1] for group in chunk]).in_bulk()
        for group in chunk:
            group.existing = found.get(group.key[1])
            if group.existing is None:
                errors.add(
                    group.rows[0].number,
                    "activity_id",
                    _("No activity has this ID in your regions."),
                )
    for start in range(0, len(by_reference), LOOKUP_CHUNK):
        chunk = by_reference[start : start + LOOKUP_CHUNK]
        references = {group.reference for group in chunk}
        found = {}
        for activity in scoped.filter(import_reference__in=references).select_related("forum"):
            regency = activity.forum.village_id[:5]
            found[regency, activity.import_reference.casefold()] = activity
        for group in chunk:
            group.existing = found.get(group.key[1:])


def _activity_data(group, errors):
    """The ``ActivityForm`` data: the saved activity's values, then the file's."""
    data = {}
    if group.existing is not None:
        initial = model_to_dict(group.existing, fields=ACTIVITY_FIELDS)
        data.update({name: "" if value is None else value for name, value in initial.items()})
        data[VERSION_FIELD] = version_of(group.existing)
    else:
        data["status"] = Activity.Status.PLANNED
    first = group.rows[0]
    for name in ACTIVITY_FIELDS:
        if name in first.values and not (name == "status" and first.values[name] == ""):
            data[name] = first.values[name]
    # Later rows of the activity may leave its columns empty, or repeat them; not differ.
    for row in group.rows[1:]:
        for name in ACTIVITY_FIELDS:
            value = row.values.get(name, "")
            if value != "" and name in first.values and value != first.values[name]:
                errors.add(
                    row.number,
                    name,
                    _("differs from row %(row)s of the same activity.") % {"row": first.number},
                )
    data[TOKEN_FIELD] = ""
    return data


def _line_key(values):
    return (values.get("source"), values.get("budget_year"), c.normalised(values.get("purpose")))


def _funding_data(group):
    """The formset data, and the row of each of its forms: the saved lines the
    file names first (matched by source, year and purpose), then the new ones."""
    existing = list(group.existing.funding_lines.all()) if group.existing else []
    has_purpose = any("purpose" in row.values for row in group.rows)
    unmatched = {}
    for line in existing:
        purpose = line.purpose if has_purpose else None
        key = (line.source_id, line.budget_year, c.normalised(purpose))
        unmatched.setdefault(key, []).append(line)
    matched, new = [], []
    for row in group.rows:
        values = row.values
        key = _line_key(values if has_purpose else {**values, "purpose": None})
        lines = unmatched.get(key)
        if lines:
            matched.append((row, lines.pop(0)))
        else:
            new.append((row, None))
    data, numbers = {}, []
    ordered = matched + new
    for index, (row, line) in enumerate(ordered):
        fields = {}
        if line is not None:
            saved = model_to_dict(line, fields=LINE_FIELDS)
            fields.update({name: "" if value is None else value for name, value in saved.items()})
            fields["id"] = line.pk
        for name in LINE_FIELDS:
            if name in row.values:
                fields[name] = row.values[name]
        for name, value in fields.items():
            data[f"{PREFIX}-{index}-{name}"] = value
        numbers.append(row)
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": len(ordered),
            f"{PREFIX}-INITIAL_FORMS": len(matched),
            f"{PREFIX}-MIN_NUM_FORMS": 0,
            f"{PREFIX}-MAX_NUM_FORMS": 1000,
        }
    )
    return data, numbers


def check_group(group, user, errors):
    """The forms of one activity, validated; their errors added to ``errors``."""
    data = _activity_data(group, errors)
    instance = group.existing if group.existing is not None else Activity()
    form = ActivityForm(data, instance=instance, user=user)
    del form.fields["posts"]  # links to news are not imported: leave them as they are
    funding, numbers = _funding_data(group)
    formset = FundingLineFormSet(
        funding, instance=instance, prefix=PREFIX, form_kwargs={"empty_permitted": False}
    )
    first = group.rows[0].number
    valid = form.is_valid()
    for name, messages in form.errors.items():
        if name not in group.rows[0].bad:
            for message in messages:
                errors.add(first, name, message)
    valid = formset.is_valid() and valid
    for line_form, row in zip(formset.forms, numbers, strict=True):
        for name, messages in line_form.errors.items():
            if name not in row.bad:
                for message in messages:
                    errors.add(row.number, name, message)
    for message in formset.non_form_errors():
        errors.add(first, None, message)
    if not valid:
        return Checked(group, form, formset, "invalid")
    if group.existing is None:
        return Checked(group, form, formset, "create")
    changed = [name for name in form.changed_data if name not in (TOKEN_FIELD, VERSION_FIELD)]
    if not changed and not formset.has_changed():
        return Checked(group, form, formset, "unchanged")
    if not can_edit(group.existing, user):
        key = "activity_id" if group.key[0] == "id" else "reference"
        errors.add(
            first,
            key,
            _(
                "this activity was sent for verification or published; it can only be "
                "changed after it is returned."
            ),
        )
        return Checked(group, form, formset, "invalid")
    return Checked(group, form, formset, "update")


def check_table(table, user, *, progress=None, on_valid=None):
    """Check every row of ``table``. Returns (errors, counts, mapping problems).

    ``on_valid(checked)``, if given, is called with each activity that would be created
    or updated, as soon as it is checked (the commit saves it there); ``progress(rows)``
    with the number of rows checked so far.
    """
    from .reading import data_rows

    mapping, problems = c.map_headers(table.headers)
    errors = Errors(mapping)
    counts = {"rows": 0, "activities": 0, "create": 0, "update": 0, "unchanged": 0}
    if problems:
        return errors, counts, problems, mapping
    lookups = Lookups(user)
    rows = list(read_rows(data_rows(table), mapping, lookups, errors))
    counts["rows"] = len(rows)
    done = 0
    for group in grouped(rows, mapping, lookups, errors):
        checked = check_group(group, user, errors)
        counts["activities"] += 1
        if checked.action != "invalid":
            counts[checked.action] += 1
            if on_valid and checked.action in ("create", "update") and not errors.count:
                on_valid(checked)
        done += len(group.rows)
        if progress:
            progress(done)
    return errors, counts, problems, mapping


__all__ = ["COLUMNS", "check_table", "describe"]
