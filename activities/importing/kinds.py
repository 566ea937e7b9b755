"""What differs between the kinds of import (``ImportBatch.kind``): an ``ImportKind`` says
which rows a file holds (its columns), how they are checked, how a checked record is
saved by the commit, which relations of the batch record what it created and updated,
and which template to fill in. Everything else (reading, preview, commit in one
transaction, the pages) is shared."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities.models import ImportBatch


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: object
    columns: list
    check_table: object  # (table, user, *, progress, on_valid) -> errors, counts, problems, mapping
    save: object  # (checked, user, reason, before) -> (record, created: bool)
    write_template: object  # (user) -> a rewound file
    template_name: object  # the download's file name, without ".xlsx"
    created: str  # the batch's relation of the records it created
    updated: str


def _save_activity(checked, user, reason, before):
    from forums.staff.services import save_record

    from .services import snapshot

    if checked.group.existing is not None:
        before[str(checked.group.existing.pk)] = snapshot(checked.group.existing)
    fields = {"_change_reason": reason}
    if checked.group.existing is None and checked.group.reference:
        fields["import_reference"] = checked.group.reference
    activity = save_record(user=user, form=checked.form, **fields)
    formset = checked.formset
    formset.instance = activity
    for line in formset.save(commit=False):
        line._history_user = user
        line._change_reason = reason
        line.save()
    if activity.is_physical:
        activity._change_reason = reason
        activity.sync_status_with_progress()
    return activity, checked.action == "create"


def _save_incident(checked, user, reason, before):
    from forums.staff.services import save_record

    from .services import snapshot

    if checked.row.existing is not None:
        before[str(checked.row.existing.pk)] = snapshot(checked.row.existing)
    fields = {"_change_reason": reason}
    if checked.row.existing is None and checked.row.reference:
        fields["import_reference"] = checked.row.reference
    incident = save_record(user=user, form=checked.form, **fields)
    return incident, checked.action == "create"


def _activities():
    from . import checking, columns, template

    return ImportKind(
        key=ImportBatch.Kind.ACTIVITIES,
        label=_("Activities and their funding"),
        columns=columns.COLUMNS,
        check_table=checking.check_table,
        save=_save_activity,
        write_template=template.write_template,
        template_name=_("import-activities-template"),
        created="created",
        updated="updated",
    )


def _incidents():
    from . import incidents, template

    return ImportKind(
        key=ImportBatch.Kind.INCIDENTS,
        label=_("Conflict incidents"),
        columns=incidents.COLUMNS,
        check_table=incidents.check_table,
        save=_save_incident,
        write_template=template.write_incident_template,
        template_name=_("import-incidents-template"),
        created="created_incidents",
        updated="updated_incidents",
    )


_KINDS = {}


def kinds():
    if not _KINDS:
        for kind in (_activities(), _incidents()):
            _KINDS[str(kind.key)] = kind
    return _KINDS


def kind_of(key):
    """The ``ImportKind`` of ``key`` (a batch's kind); the activities' for anything else."""
    found = kinds()
    return found.get(str(key or ""), found[ImportBatch.Kind.ACTIVITIES])
