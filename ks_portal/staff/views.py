"""Staff pages that span every kind of record: dashboard, workflow steps, history, regions.

The entry pages of each kind live with their app (``forums.staff``,
``activities.staff``); login and password pages are Django's own views.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forums.models import State, scope_of
from forums.services import TRANSITIONS, apply_transition
from forums.staff.access import staff_required
from forums.staff.audit import log_staff_action

from . import dashboard as selectors
from .history import record_history
from .records import record_kind


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
    }
    return render(request, "staff/dashboard.html", context)


@require_POST
@staff_required
def staff_transition(request, model, pk):
    """Apply one workflow step (submit, verify, return, publish) from the workflow panel.

    A record outside the user's scope is not found (404), whatever the role; a
    step the record's state or the form does not allow is refused with a message.
    """
    kind = record_kind(model)
    record = get_object_or_404(kind.model.objects.in_scope(request.user), pk=pk)
    action = request.POST.get("action", "")
    try:
        apply_transition(record, action, request.user, request.POST.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        log_staff_action(request.user, record, action, request)
        messages.success(request, TRANSITIONS[action].done)
    return redirect(kind.detail_url, pk=pk)


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
