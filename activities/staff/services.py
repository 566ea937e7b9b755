"""Writes of the staff entry pages: a record with its child rows, saved together or not at all.

Views call these with forms and formsets that are already valid. Every history
row names the user; a new record starts as a draft (the models' default). Saving
changes re-checks, under a row lock, that the record may still be edited; if not,
ValidationError says so and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from forums.models import State
from forums.services import can_delete, can_edit
from forums.staff.services import save_children


def _check_still_editable(record, user):
    """Lock the row and check its state again: a verifier may have just received it."""
    locked = type(record).objects.select_for_update().filter(pk=record.pk).first()
    if locked is None or not can_edit(locked, user):
        raise ValidationError(
            _("This record was sent on for verification meanwhile; nothing was saved.")
        )


def _save(form, formsets, user, **fields):
    if form.instance.pk:
        _check_still_editable(form.instance, user)
    record = form.save(commit=False)
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    form.save_m2m()
    for formset in formsets:
        save_children(formset, record, user)
    return record


def save_activity(*, user, form, funding):
    """Save an activity and its funding lines; a physical work's status then follows
    its latest published progress report (the type may have changed)."""
    with transaction.atomic():
        activity = _save(form, [funding], user)
        activity.sync_status_with_progress()
    return activity


def save_meeting(*, user, form, speakers):
    with transaction.atomic():
        return _save(form, [speakers], user)


def save_progress_report(*, user, form, photos):
    """Save a progress report with its photos, as a draft: the work's status follows
    published reports only, so it changes when the report is published, not here."""
    with transaction.atomic():
        return _save(form, [photos], user)


def save_post(*, user, form, photos):
    """Save a news post, its gallery and the activities it reports on.

    A new post names ``user`` as its author.
    """
    extra = {} if form.instance.pk else {"author": user}
    with transaction.atomic():
        post = _save(form, [photos], user, **extra)
        _link_activities(post, form.cleaned_data["activities"], user)
    return post


def _link_activities(post, chosen, user):
    """Make ``chosen`` the activities ``post`` reports on.

    The link belongs to the activity (``Activity.posts``) and is kept in the activity's
    history, so it is changed from that side: django-simple-history records an m2m
    change only from the side that declares the field (``post.activities.set()``
    fails there).
    """
    current, chosen = set(post.activities.all()), set(chosen)
    for activity in chosen - current:
        activity._history_user = user
        activity.posts.add(post)
    for activity in current - chosen:
        activity._history_user = user
        activity.posts.remove(post)


def delete_activity(activity, user):
    """Delete a draft activity with its funding lines and draft progress reports.

    Progress reports already sent for verification are evidence the verifier has
    seen; an activity that has them is kept (return them or delete them first).
    """
    if activity.progress_reports.exclude(state=State.DRAFT).exists():
        raise ValidationError(
            _(
                "This activity has progress reports that were sent for verification; "
                "it cannot be deleted."
            )
        )
    delete_record(activity, user)


def delete_record(record, user):
    """Delete a draft with its child rows.

    Raises ValidationError, with a message for the user, when the record is not a
    draft the user may delete or when other records still depend on it.
    """
    try:
        with transaction.atomic():
            # Locked and read again: a verifier may have just received it.
            locked = type(record).objects.select_for_update().filter(pk=record.pk).first()
            if locked is None or not can_delete(locked, user):
                raise ValidationError(_("Only a draft can be deleted."))
            locked._history_user = user
            locked.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("Other records still refer to this one; change or delete them first.")
        ) from None
