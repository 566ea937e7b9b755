"""A batch's life: uploaded and checked (nothing written), committed in one
transaction, and undone while every activity it created or changed is still in the state
the import left it in and unchanged since.

Undoing deletes what the batch created and puts back what it changed: before it saves an
existing activity, the commit keeps the activity's fields and funding lines as they were
(``summary["before"]``), and the undo restores them, each step in the history.

A file of more than ``IMPORT_JOB_MIN_ROWS`` rows is checked and committed by a
background job (``jobs``); with no broker configured the job runs inline.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import ImportBatch
from activities.staff.services import delete_activity
from forums.models import State
from forums.staff.services import delete_record

from .kinds import kind_of
from .reading import Refused, check_name, open_table

logger = logging.getLogger(__name__)
Status = ImportBatch.Status


class ImportFailed(Exception):
    """The commit found errors: the transaction is rolled back, nothing is written."""


def history_reason(batch):
    """What every history row the batch writes says (simple-history keeps 100 characters)."""
    username = batch.user.get_username()
    name = batch.file_name
    room = 100 - len(f"imported from  by {username}")
    if len(name) > room:
        name = name[: max(room - 1, 1)] + "…"
    return f"imported from {name} by {username}"[:100]


def upload(*, user, file, kind=ImportBatch.Kind.ACTIVITIES):
    """Keep an uploaded file as a new batch and check it (inline, or as a job for a big
    file). Raises ``Refused`` for a file refused by its name or size before it is kept."""
    name = (file.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "upload"
    check_name(name)
    if file.size > settings.IMPORT_MAX_BYTES:
        raise Refused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    batch = ImportBatch(
        kind=kind_of(kind).key,
        user=user,
        file_name=name,
        checksum=digest.hexdigest(),
        size=file.size,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    batch.file.save("upload", ContentFile(file.read()), save=False)
    batch.save()
    from .jobs import start

    start(batch, "check")
    return batch


def check(batch, progress=None):
    """Check the batch's file and keep what was found on the batch; nothing else is written."""
    try:
        with translation.override(batch.language), batch.file.open("rb"):
            table = open_table(batch.file, batch.file_name)
            check_table = kind_of(batch.kind).check_table
            errors, counts, problems, mapping = check_table(table, batch.user, progress=progress)
    except Refused as refused:
        _finish_check(batch, counts={}, problems=[refused.message])
        return batch
    summary = {**counts, "ignored": mapping.ignored}
    batch.row_count = counts["rows"]
    batch.errors = errors.items
    batch.error_count = errors.count
    _finish_check(batch, counts=summary, problems=problems)
    return batch


def _finish_check(batch, *, counts, problems):
    batch.summary = {**counts, "problems": problems}
    if problems:
        batch.error_count = max(batch.error_count, len(problems))
    batch.status = Status.CHECKED
    batch.save()


def commit(batch, progress=None):
    """Write every activity of the batch in one transaction, or nothing.

    The file is checked again inside the transaction (records may have changed since the
    preview); any error rolls everything back and is kept on the batch.
    """
    reason = history_reason(batch)
    user = batch.user
    kind = kind_of(batch.kind)
    created, updated = [], []
    before = {}

    def save(checked):
        record, is_new = kind.save(checked, user, reason, before)
        (created if is_new else updated).append(record)

    try:
        with transaction.atomic(), translation.override(batch.language):
            with batch.file.open("rb"):
                table = open_table(batch.file, batch.file_name)
                errors, counts, problems, _mapping = kind.check_table(
                    table, user, progress=progress, on_valid=save
                )
            if problems or errors.count:
                batch.errors, batch.error_count = errors.items, errors.count or len(problems)
                batch.summary = {**counts, "problems": problems}
                raise ImportFailed
            getattr(batch, kind.created).set(created)
            getattr(batch, kind.updated).set(updated)
            batch.summary = {**batch.summary, **counts, "before": before}
            batch.row_count = counts["rows"]
            batch.status = Status.COMMITTED
            batch.committed_at = timezone.now()
            batch.save()
    except (ImportFailed, Refused) as failure:
        if isinstance(failure, Refused):
            batch.summary = {**batch.summary, "problems": [failure.message]}
            batch.error_count = 1
        batch.status = Status.CHECKED
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=batch.status,
            errors=batch.errors,
            error_count=batch.error_count,
            summary=batch.summary,
        )
        return batch
    # The file served its purpose; the checksum stays as the record of what was imported.
    batch.file.delete(save=False)
    ImportBatch.objects.filter(pk=batch.pk).update(file="")
    return batch


# What an activity and its funding lines were before a batch changed them ---------------

UNDO_STATES = (State.DRAFT, State.RETURNED)


def _editable_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in ("activity",)
    ]


def snapshot(activity):
    """The record's editable fields and (an activity's) funding lines, as text (JSON-safe)."""
    activity = type(activity).objects.get(pk=activity.pk)  # as stored, not as the form left it
    lines = {}
    if hasattr(activity, "funding_lines"):
        line_model = activity.funding_lines.model
        lines = {str(line.pk): _values(line, line_model) for line in activity.funding_lines.all()}
    fields = _values(activity, type(activity))
    return {"fields": fields, "lines": lines, "updated_at": activity.updated_at.isoformat()}


def _title(record):
    return getattr(record, "title", None) or str(record)


def _values(instance, model):
    values = {}
    for field in _editable_fields(model):
        value = field.value_from_object(instance)
        values[field.attname] = None if value is None else field.value_to_string(instance)
    return values


def _restore(instance, values):
    for field in _editable_fields(type(instance)):
        if field.attname in values:
            value = values[field.attname]
            setattr(instance, field.attname, None if value is None else field.to_python(value))


def _undo_reason(batch):
    return f"undo of import {batch.pk}"[:100]


def _refusal(batch):
    """Why the batch cannot be undone now, or None."""
    if batch.status != Status.COMMITTED:
        return _("Only an imported batch can be undone.")
    kind = kind_of(batch.kind)
    for activity in getattr(batch, kind.created).all():
        if activity.state != State.DRAFT:
            return _("“%(title)s” is no longer a draft, so the batch cannot be undone.") % {
                "title": _title(activity)
            }
    for activity in getattr(batch, kind.updated).all():
        if activity.state not in UNDO_STATES:
            return _(
                "“%(title)s” was sent for verification or published since, so the batch "
                "cannot be undone."
            ) % {"title": _title(activity)}
        if _changed_since(activity, batch):
            return _("“%(title)s” was changed after the import, so the batch cannot be undone.") % {
                "title": _title(activity)
            }
    return None


def _changed_since(activity, batch):
    """Whether someone saved the activity after the batch did."""
    latest = activity.history.order_by("-history_date", "-history_id").first()
    return latest is not None and latest.history_change_reason != history_reason(batch)


def can_undo(batch):
    return _refusal(batch) is None


def undo(batch, user):
    """Delete every activity the batch created, with their funding lines, and put back
    what it changed in existing ones; all or nothing.

    Raises ValidationError when a record is no longer as the import left it.
    """
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        kind = kind_of(batch.kind)
        created, updated = getattr(batch, kind.created), getattr(batch, kind.updated)
        list(created.select_for_update().order_by("pk"))
        list(updated.select_for_update().order_by("pk"))
        if refusal := _refusal(batch):
            raise ValidationError(refusal)
        for record in created.order_by("pk"):
            if kind.key == ImportBatch.Kind.ACTIVITIES:
                delete_activity(record, user)
            else:
                delete_record(record, user)
        before = batch.summary.get("before", {})
        reason = _undo_reason(batch)
        for activity in updated.order_by("pk"):
            _put_back(activity, before[str(activity.pk)], user, reason)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=Status.UNDONE, undone_at=timezone.now()
        )
    batch.refresh_from_db()
    return batch


def _put_back(activity, saved, user, reason):
    """The activity's fields and funding lines as ``saved`` (``snapshot``) has them: lines
    the batch added are deleted, lines it changed restored."""
    lines = saved["lines"]
    for line in activity.funding_lines.all() if hasattr(activity, "funding_lines") else ():
        line._history_user, line._change_reason = user, reason
        if str(line.pk) not in lines:
            line.delete()
        else:
            _restore(line, lines[str(line.pk)])
            line.save()
    _restore(activity, saved["fields"])
    activity._history_user, activity._change_reason = user, reason
    activity.save()
