"""The review workflow: one table of transitions, each with who may take it, from which
states, what it changes, what the user is told and how history names it.

Every state change goes through ``apply_transition``, from the staff workspace and
the admin back-office alike: it checks the user's scope and role, locks the row,
applies the transition's effect, leaves a history row naming the user and the step, and
tells those concerned (``forums.notifications``) in the same transaction.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import State, scope_of
from .notifications import notify_step

# The fields only transitions change; edits keep them as the locked row has them.
WORKFLOW_FIELDS = ("state", "return_reason", "verified_by", "verified_at", "published_at")


def _clear_reason(record, user, reason, now):
    record.return_reason = ""


def _stamp_verifier(record, user, reason, now):
    record.verified_by, record.verified_at = user, now


def _keep_reason(record, user, reason, now):
    record.return_reason = reason


def _stamp_publication(record, user, reason, now):
    record.published_at = record.published_at or now


@dataclass(frozen=True)
class Transition:
    action: str
    label: object  # the button
    sources: frozenset
    target: str
    needs: str  # the Scope property the user must have: can_enter or can_verify
    effect: object  # (record, user, reason, now) -> None: the fields it sets besides state
    done: object  # what the user is told afterwards
    history_label: object  # how the history page names the step
    needs_reason: bool = False


TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            "submit",
            _("Submit for verification"),
            frozenset({State.DRAFT, State.RETURNED}),
            State.SUBMITTED,
            "can_enter",
            _clear_reason,
            _("Submitted for verification."),
            _("Submitted for verification"),
        ),
        Transition(
            "verify",
            _("Verify"),
            frozenset({State.SUBMITTED}),
            State.VERIFIED,
            "can_verify",
            _stamp_verifier,
            _("Verified."),
            _("Verified"),
        ),
        Transition(
            "return",
            _("Return for correction"),
            frozenset({State.SUBMITTED, State.VERIFIED, State.PUBLISHED}),
            State.RETURNED,
            "can_verify",
            _keep_reason,
            _("Returned to the operator for correction."),
            _("Returned: %(reason)s"),
            needs_reason=True,
        ),
        Transition(
            "publish",
            _("Publish"),
            frozenset({State.VERIFIED}),
            State.PUBLISHED,
            "can_verify",
            _stamp_publication,
            _("Published."),
            _("Published"),
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


IMPORTED = re.compile(r"imported from (?P<file>.+) by (?P<user>\S+)")
UNDONE_IMPORT = re.compile(r"undo of import (?P<batch>\d+)")


def describe_step(change_reason):
    """A history row's change reason ("submit", "return: …", "imported from <file> by
    <user>" and "undo of import <id>", which the bulk import writes) in words for people."""
    if not change_reason:
        return ""
    if imported := IMPORTED.fullmatch(change_reason):
        return _("imported from %(file)s by %(user)s") % imported.groupdict()
    if undone := UNDONE_IMPORT.fullmatch(change_reason):
        return _("import %(batch)s undone") % undone.groupdict()
    action, _sep, detail = change_reason.partition(":")
    transition = TRANSITIONS.get(action)
    if transition is None:
        return change_reason
    return str(transition.history_label) % {"reason": detail.strip()}


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
        if transition.needs_reason and not reason:
            raise ValidationError({"reason": _("Give the reason for returning it.")})
        locked.state = transition.target
        transition.effect(locked, user, reason, timezone.now())
        locked._history_user = user
        locked._change_reason = f"{action}: {reason}"[:100] if reason else action
        locked.save()
        locked.after_transition(action)
        notify_step(locked, action, user, reason)
    return locked


# Verify and publish in one go: the two steps, each with its own checks and history row.
VERIFY_AND_PUBLISH = ("verify", "publish")


def can_verify_and_publish(record, user):
    """Whether ``user`` may take both steps now: the record waits for verification and
    the role may verify and may publish (the same rules as the two steps one by one)."""
    scope = scope_of(user)
    verify = TRANSITIONS["verify"]
    return record.state in verify.sources and all(
        getattr(scope, TRANSITIONS[action].needs) for action in VERIFY_AND_PUBLISH
    )


def verify_and_publish(record, user):
    """Verify ``record`` and publish it, both or neither; return the published record.

    Raises as ``apply_transition`` does, and changes nothing then.
    """
    with transaction.atomic():
        for action in VERIFY_AND_PUBLISH:
            record = apply_transition(record, action, user)
    return record
