"""A record's edit history as the staff history page shows it, in a fixed number of queries.

Every version of the record and of its children (forum members, funding lines,
speakers, photos) is read with its user in one query per model; what changed
between two versions is computed in Python (``diff_against``) from consecutive
versions, never by asking each version for its predecessor.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from forums.services import describe_step

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: object
    action: str  # created, changed or deleted
    reason: str
    subject: str = ""  # empty for the record itself, else which child
    changes: list = field(default_factory=list)


def display_value(model_field, value):
    """A field's stored value as people read it: choice labels, dates, yes/no; FKs by key."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return capfirst(str(dict(model_field.flatchoices).get(value, value)))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(model_field, models.BigIntegerField):  # rupiah amounts; not years
        return formats.number_format(value, force_grouping=True)
    return str(value)


def _changes(new, old):
    m2m = [f.name for f in old._history_m2m_fields]
    delta = new.diff_against(old, excluded_fields=m2m)
    changes = []
    for change in delta.changes:
        model_field = new.instance_type._meta.get_field(change.field)
        changes.append(
            Change(
                capfirst(model_field.verbose_name),
                display_value(model_field, change.old),
                display_value(model_field, change.new),
            )
        )
    return changes


def _rows(versions, subject_of=None):
    """Rows for the versions of one or more objects, each diffed against its predecessor."""
    rows = []
    versions = sorted(versions, key=lambda v: (v.id, v.history_date, v.history_id))
    for _object_id, object_versions in groupby(versions, key=lambda v: v.id):
        previous = None
        for version in object_versions:
            changes = []
            if previous is not None and version.history_type == "~":
                changes = _changes(version, previous)
            rows.append(
                HistoryRow(
                    when=version.history_date,
                    who=version.history_user,
                    action=ACTIONS.get(version.history_type, version.history_type),
                    reason=describe_step(version.history_change_reason),
                    subject=subject_of(version) if subject_of else "",
                    changes=changes,
                )
            )
            previous = version
    return rows


def record_history(kind, record):
    """Rows of ``record`` and its children, newest first."""
    versions = kind.model.history.filter(id=record.pk).select_related("history_user")
    rows = _rows(versions)
    for child in kind.children:
        child_versions = child.model.history.filter(**{f"{child.fk}_id": record.pk})
        child_versions = child_versions.select_related("history_user", *child.related)
        name = capfirst(child.model._meta.verbose_name)

        def subject_of(version, name=name, label=child.label):
            return f"{name}: {label(version)}"

        rows += _rows(child_versions, subject_of)
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows
