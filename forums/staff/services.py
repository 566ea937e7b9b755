"""Writes of the staff record pages, for every kind of record: a record with its child
rows, saved together or not at all, and deletions.

Views call these with forms and formsets that are already valid. Every history row
names the user; a new record starts as a draft (the models' default). A change to a
saved record locks its row and checks again, inside the transaction, that the user may
still edit it and that nobody changed it since the form was loaded; if not,
ValidationError says so and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Forum
from ..services import WORKFLOW_FIELDS, can_delete, can_edit
from ..uploads import take_uploads, uploads_of
from .submission import VERSION_FIELD, version_of

STALE = gettext_lazy(
    "Someone changed this record after you opened the form, so nothing was saved. "
    "Open it again to see the changes, then make yours."
)


def lock_for_change(record, user, version, allowed=can_edit):
    """Lock ``record``'s row and return it as it is now.

    Raises ValidationError when the user may no longer change it (``allowed``) or when
    ``version`` (the one the form was loaded at) is not the current one. Call inside
    the transaction that writes it.
    """
    locked = type(record).objects.select_for_update().filter(pk=record.pk).first()
    if locked is None or not allowed(locked, user):
        raise ValidationError(
            _("This record was sent on for verification meanwhile; nothing was saved.")
        )
    if version != version_of(locked):
        raise ValidationError(STALE)
    return locked


def save_record(*, user, form, formsets=(), **fields):
    """Save a valid form and its formsets in one transaction; return the record.

    ``fields`` are set on the record before it is saved (e.g. the author of a new post).
    The photos the forms name by upload id (``forums.uploads``) are taken in the same
    transaction; one that is gone meanwhile raises ValidationError and nothing is saved.
    For a saved record the workflow fields are taken from the locked row, never from
    the form's copy, so an edit can never move a record back in the workflow.
    """
    with transaction.atomic():
        # Photos uploaded ahead of the form become the record's (or nothing is saved).
        take_uploads(user, uploads_of([form, *(row for fs in formsets for row in fs.forms)]))
        record = form.save(commit=False)
        if record.pk:
            locked = lock_for_change(record, user, form.cleaned_data.get(VERSION_FIELD))
            for name in WORKFLOW_FIELDS:
                setattr(record, name, getattr(locked, name))
        for name, value in fields.items():
            setattr(record, name, value)
        record._history_user = user
        record.save()
        form.save_m2m()
        for formset in formsets:
            save_children(formset, record, user)
    return record


def save_children(formset, parent, user):
    """Save a valid inline formset's rows under ``parent``, deletions included, each
    history row naming ``user``. Call inside the parent's transaction."""
    formset.instance = parent
    for child in formset.save(commit=False):
        child._history_user = user
        child.save()
    for child in formset.deleted_objects:
        child._history_user = user
        child.delete()


def delete_record(record, user, version=None, refused=None):
    """Delete a draft with its child rows.

    Raises ValidationError, with a message for the user, when the record is not a draft
    the user may delete, was changed since the confirm page was loaded (``version``,
    when given), or other records still depend on it (``refused`` is then the message).
    """
    try:
        with transaction.atomic():
            locked = type(record).objects.select_for_update().filter(pk=record.pk).first()
            if locked is None or not can_delete(locked, user):
                raise ValidationError(_("Only a draft can be deleted."))
            if version is not None and version != version_of(locked):
                raise ValidationError(STALE)
            locked._history_user = user
            locked.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            refused or _("Other records still refer to this one; change or delete them first.")
        ) from None


# Forums ---------------------------------------------------------------------------


def unique_slug(model, text, exclude_pk=None, fallback="record"):
    """A slug from ``text`` that no other ``model`` row has: "dialog-tematik", then
    "dialog-tematik-2", "-3"…"""
    base = slugify(text)[:200].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def unique_forum_slug(name, village_code, exclude_pk=None):
    """A forum's slug from its name and village code, e.g. "fks-tanah-garam-13-72-01-1001"."""
    return unique_slug(Forum, f"{name} {village_code.replace('.', ' ')}", exclude_pk, "forum")


def save_forum(*, user, form, members):
    """Save a forum with its members."""
    return save_record(user=user, form=form, formsets=[members])


def delete_forum(forum, user, version=None):
    """Delete a draft forum with its members; refuse one that others still depend on."""
    refused = _("This forum has activities or meetings; delete or move them first.")
    delete_record(forum, user, version, refused)
