"""Writes that span more than one field: the review workflow's transitions.

Views call these; they check the user's scope and role, lock the row, change
the state and leave a history row that names the user and the action.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import State, scope_of


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: str
    needs: str  # the Scope property the user must have: can_enter or can_verify


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "submit",
            _("Submit for verification"),
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            "can_enter",
        ),
        Transition(
            "verify", _("Verify"), frozenset({State.SUBMITTED}), State.VERIFIED, "can_verify"
        ),
        Transition(
            "return",
            _("Return for correction"),
            frozenset({State.SUBMITTED, State.VERIFIED, State.PUBLISHED}),
            State.RETURNED,
            "can_verify",
        ),
        Transition(
            "publish", _("Publish"), frozenset({State.VERIFIED}), State.PUBLISHED, "can_verify"
        ),
    ]
}

# Operators change their drafts and what was returned to them; once submitted, a
# record waits for the verifier, who verifies it or returns it. A published record
# is changed by returning it first (it then leaves the public site until verified
# again), so the public never sees an unverified edit.
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})


def allowed_transitions(record, user):
    """The transitions ``user`` may apply to ``record`` now, in a stable order."""
    scope = scope_of(user)
    return [
        t for t in TRANSITIONS.values() if record.state in t.sources and getattr(scope, t.needs)
    ]


def can_edit(record, user):
    """Drafts and returned records, for those who enter data (administrators too:
    the public must never see an edit nobody verified)."""
    return scope_of(user).can_enter and record.state in EDITABLE_STATES


def can_delete(record, user):
    """Only drafts are deleted, by those who enter data; anything once submitted stays
    (it is returned instead), so its history and the verifier's work are kept."""
    return scope_of(user).can_enter and record.state == State.DRAFT


def apply_transition(record, action, user, reason=""):
    """Move ``record`` along the workflow; return the saved record.

    Raises PermissionDenied when the record is outside the user's scope or the
    role may not do this, and ValidationError when the state does not allow it
    or a return has no reason. Nothing changes in either case.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValidationError(_("Unknown action."))
    model = type(record)
    with transaction.atomic():
        locked = (
            model.objects.in_scope(user)
            .select_for_update(of=("self",))
            .filter(pk=record.pk)
            .first()
        )
        if locked is None or not getattr(scope_of(user), transition.needs):
            raise PermissionDenied
        if locked.state not in transition.sources:
            raise ValidationError(
                _("This record is %(state)s; it cannot be changed that way now.")
                % {"state": locked.get_state_display()}
            )
        reason = (reason or "").strip()
        if action == "return" and not reason:
            raise ValidationError({"reason": _("Give the reason for returning it.")})
        now = timezone.now()
        locked.state = transition.target
        if action == "submit":
            locked.return_reason = ""
        elif action == "verify":
            locked.verified_by, locked.verified_at = user, now
        elif action == "return":
            locked.return_reason = reason
        elif action == "publish":
            locked.published_at = locked.published_at or now
        locked._history_user = user
        locked._change_reason = f"{action}: {reason}" if reason else action
        locked.save()
        locked.after_transition(action)
    return locked
