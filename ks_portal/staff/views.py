"""Staff pages that span every kind of record: dashboard, workflow steps, history, regions.

The entry pages of each kind live with their app (``forums.staff``,
``activities.staff``); login and password pages are Django's own views.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from activities.models import Activity
from activities.staff.services import submit_activity
from forums.models import State, scope_of
from forums.services import (
    TRANSITIONS,
    VERIFY_AND_PUBLISH,
    apply_transition,
    can_verify_and_publish,
    verify_and_publish,
)
from forums.staff.access import forbidden, staff_required
from forums.staff.audit import log_staff_action

from . import dashboard as selectors
from .history import record_history
from .records import RECORD_KINDS, record_kind
from .review import review_of, review_queryset

VERIFY_PUBLISH = "verify_publish"  # both steps at once: verify, then publish
BULK_LIMIT = 100  # records verified together at most, so one request stays short


@staff_required
def staff_dashboard(request):
    user = request.user
    context = {
        "scope": scope_of(user),
        "states": list(State),
        "state_counts": selectors.state_counts(user),
        "returned": selectors.returned_to(user),
        "waiting": selectors.waiting_for_verification(user),
        "recent": selectors.recent_changes(user),
        **selectors.followups_due(user),
    }
    return render(request, "staff/dashboard.html", context)


def _take_step(request, record, action, reason=""):
    """Apply ``action`` (a transition, or verify-and-publish) and log it; return what the
    user is told. Raises as ``apply_transition`` does."""
    if action == VERIFY_PUBLISH:
        verify_and_publish(record, request.user)
        for step in VERIFY_AND_PUBLISH:
            log_staff_action(request.user, record, step, request)
        return _("Verified and published.")
    if action == "submit" and isinstance(record, Activity):
        # The submit step of an activity offers its draft progress reports too.
        reports = submit_activity(record, request.user, request.POST.getlist("progress_reports"))
        for submitted in [record, *reports]:
            log_staff_action(request.user, submitted, action, request)
        if reports:
            return ngettext(
                "Submitted for verification, with %(count)d progress report.",
                "Submitted for verification, with %(count)d progress reports.",
                len(reports),
            ) % {"count": len(reports)}
        return TRANSITIONS[action].done
    apply_transition(record, action, request.user, reason)
    log_staff_action(request.user, record, action, request)
    return TRANSITIONS[action].done


def _back_to(request, default):
    """The page the step was taken from (the review screen), else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return default


@require_POST
@staff_required
def staff_transition(request, model, pk):
    """Apply one workflow step (submit, verify, return, publish, or verify and publish)
    from the workflow panel.

    A record outside the user's scope is not found (404), whatever the role; a
    step the record's state or the form does not allow is refused with a message.
    """
    kind = record_kind(model)
    record = get_object_or_404(kind.model.objects.in_scope(request.user), pk=pk)
    action = request.POST.get("action", "")
    try:
        done = _take_step(request, record, action, request.POST.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _back_to(request, redirect(kind.detail_url, pk=pk))


def _selected(values):
    """(kind, pk) of each distinct "key:pk" sent, unknown kinds and bad numbers as None."""
    chosen = []
    for value in dict.fromkeys(values):
        key, _sep, pk = value.partition(":")
        kind = RECORD_KINDS.get(key)
        chosen.append((value, kind, int(pk) if kind and pk.isdigit() else None))
    return chosen


@require_POST
@staff_required
def staff_verify_selected(request):
    """Verify (or verify and publish) the queue items ticked on the dashboard.

    Each one goes through the same service as the single step, in its own transaction,
    with its scope and state checked there; those refused are skipped and named.
    """
    if not scope_of(request.user).can_verify:
        return forbidden(request, _("Only verifiers and administrators verify records."))
    action = request.POST.get("action", "verify")
    if action not in ("verify", VERIFY_PUBLISH):
        messages.error(request, _("Unknown action."))
        return redirect("staff_dashboard")
    values = request.POST.getlist("record")
    if not values:
        messages.warning(request, _("Tick the records to verify first."))
        return redirect("staff_dashboard")
    if len(values) > BULK_LIMIT:
        messages.error(
            request,
            _("Select at most %(limit)d records at a time; nothing was verified.")
            % {"limit": BULK_LIMIT},
        )
        return redirect("staff_dashboard")
    done, skipped = 0, []
    outside = _("not found in your region")
    for value, kind, pk in _selected(values):
        record = kind.model._default_manager.filter(pk=pk).first() if pk is not None else None
        if record is None:
            skipped.append((value, outside))
            continue
        try:
            _take_step(request, record, action)
        except PermissionDenied:  # named by its number only: its name is not the user's to read
            skipped.append((value, outside))
        except ValidationError as error:
            skipped.append((kind.label(record), " ".join(error.messages)))
        else:
            done += 1
    if done:
        message = (
            ngettext(
                "%(count)d record verified and published.",
                "%(count)d records verified and published.",
                done,
            )
            if action == VERIFY_PUBLISH
            else ngettext("%(count)d record verified.", "%(count)d records verified.", done)
        )
        messages.success(request, message % {"count": done})
    if skipped:
        reasons = "; ".join(f"{label} ({reason})" for label, reason in skipped)
        messages.warning(
            request,
            ngettext(
                "%(count)d skipped: %(reasons)s", "%(count)d skipped: %(reasons)s", len(skipped)
            )
            % {"count": len(skipped), "reasons": reasons},
        )
    return redirect("staff_dashboard")


@staff_required
def staff_record(request, model, pk):
    """/staff/records/<key>/<pk>/: the record's own staff page (notices link here)."""
    kind = record_kind(model)
    get_object_or_404(kind.model.objects.in_scope(request.user).only("pk"), pk=pk)
    return redirect(kind.detail_url, pk=pk)


@staff_required
def staff_review(request, model, pk):
    """The review screen: what a verifier judges, beside the workflow buttons."""
    kind = record_kind(model)
    record = get_object_or_404(review_queryset(kind, request.user), pk=pk)
    context = {
        "review": review_of(model, kind, record),
        "record": record,
        "kind_name": kind.model._meta.verbose_name,
        "detail_url_name": kind.detail_url,
        "can_verify_and_publish": can_verify_and_publish(record, request.user),
    }
    return render(request, "staff/review.html", context)


@staff_required
def staff_history(request, model, pk):
    kind = record_kind(model)
    record = get_object_or_404(
        kind.model.objects.in_scope(request.user).select_related("verified_by"), pk=pk
    )
    context = {
        "record": record,
        "record_label": kind.label(record),
        "kind_name": kind.model._meta.verbose_name,
        "detail_url_name": kind.detail_url,
        "rows": record_history(kind, record),
    }
    return render(request, "staff/history.html", context)
