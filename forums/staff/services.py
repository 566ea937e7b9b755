"""Writes of the forum entry pages: a forum with its members, saved together or not at all."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..models import Forum
from ..services import can_delete


def unique_forum_slug(name, village_code, exclude_pk=None):
    """A slug from the forum's name and village code, unused by any other forum.

    e.g. "fks-tanah-garam-13-72-01-1001"; "-2", "-3"… are added when taken.
    """
    base = slugify(f"{name} {village_code.replace('.', ' ')}")[:200] or "forum"
    taken = set(
        Forum.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def save_forum(*, user, form, members):
    """Save a valid forum form and its valid member formset in one transaction.

    The history rows name ``user``. A new forum starts as a draft (the model's default).
    """
    with transaction.atomic():
        forum = form.save(commit=False)
        forum._history_user = user
        forum.save()
        save_children(members, forum, user)
    return forum


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


def delete_forum(forum, user):
    """Delete a draft forum with its members; refuse one that others still depend on.

    Raises ValidationError, with a message for the user, when the forum is not a
    draft the user may delete or when activities or meetings still refer to it.
    """
    if not can_delete(forum, user):
        raise ValidationError(_("Only a draft can be deleted."))
    try:
        with transaction.atomic():
            forum._history_user = user
            for member in forum.members.all():
                member._history_user = user
                member.delete()
            forum.delete()
    except ProtectedError:
        raise ValidationError(
            _("This forum has activities or meetings; delete or move them first.")
        ) from None
