"""A record's edit history as the staff history page shows it, in a fixed number of queries.

Every version of the record and of its children (forum members, funding lines,
speakers, photos) is read with its user in one query per model; what changed
between two versions is computed in Python (``diff_against``) from consecutive
versions, never by asking each version for its predecessor. The records that changed
foreign keys point to (the verifier, a village, a funding source) are then read by name,
one query per model whatever their number.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from forums.formatting import format_number, format_rupiah
from forums.models import State
from forums.services import WORKFLOW_FIELDS, describe_step

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    label: str
    old: str
    new: str
    # A foreign key's field and its raw values, until ``_name_related`` names them.
    model_field: object = None
    raw: tuple = ()


@dataclass
class HistoryRow:
    when: object
    who: object
    action: str  # created, changed or deleted
    reason: str
    subject: str = ""  # empty for the record itself, else which child
    changes: list = field(default_factory=list)


def display_value(model_field, value):
    """A field's stored value as people read it: choice labels, local times, yes/no,
    rupiah, numbers without trailing zeros. Foreign keys by key (``_name_related``
    replaces them by names)."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return capfirst(str(dict(model_field.flatchoices).get(value, value)))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        # Stored in UTC; the rows around it are in the portal's time zone.
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(model_field, models.BigIntegerField):  # rupiah amounts; not years
        return format_rupiah(value)
    if isinstance(model_field, models.DecimalField):  # a volume: 120, not 120.00
        return format_number(value)
    return str(value)


def _person(user):
    return user.get_full_name() or user.get_username()


def _name_related(rows):
    """Replace the keys of changed foreign keys by names: one query per related model."""
    wanted = {}
    for row in rows:
        for change in row.changes:
            if change.model_field is not None:
                model = change.model_field.related_model
                wanted.setdefault(model, set()).update(v for v in change.raw if v is not None)
    names = {}
    for model, keys in wanted.items():
        named = _person if model is get_user_model() else str
        names[model] = {pk: named(obj) for pk, obj in model._default_manager.in_bulk(keys).items()}
    for row in rows:
        for change in row.changes:
            if change.model_field is not None:
                found = names.get(change.model_field.related_model, {})
                change.old, change.new = (
                    found.get(value, change_value) if value is not None else "—"
                    for value, change_value in zip(
                        change.raw, (change.old, change.new), strict=True
                    )
                )


def _changes(new, old, excluded=()):
    m2m = [f.name for f in old._history_m2m_fields]
    delta = new.diff_against(old, excluded_fields=[*m2m, *excluded])
    changes = []
    for change in delta.changes:
        model_field = new.instance_type._meta.get_field(change.field)
        related = model_field.is_relation and model_field.many_to_one
        changes.append(
            Change(
                capfirst(model_field.verbose_name),
                display_value(model_field, change.old),
                display_value(model_field, change.new),
                model_field=model_field if related else None,
                raw=(change.old, change.new) if related else (),
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
            reason = describe_step(version.history_change_reason)
            if version.history_type == "~" and previous is not None and not (changes or reason):
                previous = version
                continue  # saved again with nothing changed: nothing to read
            rows.append(
                HistoryRow(
                    when=version.history_date,
                    who=version.history_user,
                    action=ACTIONS.get(version.history_type, version.history_type),
                    reason=reason,
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
    _name_related(rows)
    return rows


def _latest_by_object(versions):
    """The last of ``versions`` of each object, by object id (a deletion included)."""
    latest = {}
    for version in sorted(versions, key=lambda v: (v.history_date, v.history_id)):
        latest[version.id] = version
    return latest


def _existing(latest):
    return {pk: version for pk, version in latest.items() if version.history_type != "-"}


def changes_since_published(kind, record):
    """What differs between ``record`` now and its last published version, its children
    included: rows as ``record_history`` makes them (a child added, deleted or changed),
    or None when the record was never published (a first submission).

    The published version is the record's last history row in state published; its
    children as they were then are their last history rows up to that moment. One
    query per model, whatever the number of versions.
    """
    versions = list(kind.model.history.filter(id=record.pk).select_related("history_user"))
    versions.sort(key=lambda v: (v.history_date, v.history_id))
    published = [v for v in versions if v.state == State.PUBLISHED]
    if not published:
        return None
    then, now = published[-1], versions[-1]
    rows = []
    if now.history_id != then.history_id:
        changes = _changes(now, then, excluded=WORKFLOW_FIELDS)
        if changes:
            rows.append(HistoryRow(now.history_date, now.history_user, "changed", "", "", changes))
    for child in kind.children:
        child_versions = list(
            child.model.history.filter(**{f"{child.fk}_id": record.pk}).select_related(
                "history_user", *child.related
            )
        )
        latest = _latest_by_object(child_versions)
        before = _existing(
            _latest_by_object(v for v in child_versions if v.history_date <= then.history_date)
        )
        after = _existing(latest)
        name = capfirst(child.model._meta.verbose_name)
        for pk in sorted(before.keys() | after.keys()):
            old, new = before.get(pk), after.get(pk)
            if old is not None and new is not None:
                changes = _changes(new, old) if new.history_id != old.history_id else []
                if not changes:
                    continue
                action, version = "changed", new
            elif new is not None:
                action, version, changes = "created", new, []
            else:
                action, version, changes = "deleted", old, []
            step = latest[pk]  # the change itself: who added, changed or deleted it, when
            rows.append(
                HistoryRow(
                    when=step.history_date,
                    who=step.history_user,
                    action=action,
                    reason="",
                    subject=f"{name}: {child.label(version)}",
                    changes=changes,
                )
            )
    _name_related(rows)
    return rows
