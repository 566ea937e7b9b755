"""Who may open the staff workspace: a logged-in user with a staff role.

Every staff view is wrapped in ``staff_required``; what a user may then see is
the scope of each queryset (``Model.objects.in_scope(user)``), and what they
may change is decided by ``forums.services`` (``can_edit``, ``can_delete``,
``allowed_transitions``). Apps above ``forums`` (activities) import these too.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..models import scope_of


def forbidden(request, message=None):
    """A 403 page in the portal's layout that says why, with the way back."""
    context = {
        "message": message or _("Your account has no role in the staff workspace."),
        "has_role": scope_of(request.user).is_staff,
    }
    return render(request, "staff/forbidden.html", context, status=403)


def staff_required(view):
    """Anonymous visitors go to the login page; accounts without a staff role get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not scope_of(request.user).is_staff:
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper


def entry_required(view):
    """Like ``staff_required``, for pages that create records: operators and administrators."""

    @wraps(view)
    @staff_required
    def wrapper(request, *args, **kwargs):
        if not scope_of(request.user).can_enter:
            return forbidden(request, _("Only operators and administrators can enter new records."))
        return view(request, *args, **kwargs)

    return wrapper
