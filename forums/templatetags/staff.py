"""Template tags of the staff workspace: the workflow panel and the state badge.

``{% load staff %}`` then, on any staff detail page of a workflow record (forum,
activity, meeting, progress report, news post):

- ``{% workflow_panel record %}``: state, return reason, verifier's stamp, one
  form per transition the user may apply now (and "verify and publish" where both
  are), the links to the record's review screen and history. On the review screen,
  ``{% workflow_panel record on_review=True %}`` brings each step back there.
- ``{% return_notice record %}``: a returned record's reason, on top of its page and form.
- ``{% state_badge record %}`` (or ``{% state_badge "submitted" %}``): the state as a badge.
- ``record|model_key``: "forum", "activity", … for ``{% url 'staff_history' … %}``.
- ``request.user|can_enter``: whether to offer "New …" buttons.
"""

from django import template

from forums.models import State, scope_of
from forums.services import allowed_transitions, can_verify_and_publish

register = template.Library()

BADGE_CLASSES = {
    State.DRAFT: "text-bg-secondary",
    State.SUBMITTED: "text-bg-info",
    State.VERIFIED: "text-bg-primary",
    State.RETURNED: "text-bg-warning",
    State.PUBLISHED: "text-bg-success",
}


def record_key(record):
    """The name of a record's kind in staff URLs: forum, activity, meeting, progressreport, post."""
    return record._meta.model_name


@register.inclusion_tag("staff/includes/state_badge.html")
def state_badge(record_or_state):
    state = getattr(record_or_state, "state", record_or_state)
    try:
        state = State(state)
    except ValueError:
        return {"label": state, "css": "text-bg-light"}
    return {"label": state.label, "css": BADGE_CLASSES[state], "state": state.value}


@register.inclusion_tag("staff/includes/workflow_panel.html", takes_context=True)
def workflow_panel(context, record, on_review=False, submit_with=()):
    """``submit_with``: records offered, ticked, for submitting with this one (an
    activity's draft and returned progress reports)."""
    request = context["request"]
    user = request.user
    return {
        "record": record,
        "submit_with": submit_with,
        "record_key": record_key(record),
        "transitions": allowed_transitions(record, user),
        "verify_and_publish": can_verify_and_publish(record, user),
        "offer_review": not on_review
        and scope_of(user).can_verify
        and record.state in (State.SUBMITTED, State.VERIFIED),
        "next_url": request.get_full_path() if on_review else "",
        # Detail pages and edit forms show the reason on top (``return_notice``).
        "is_returned": on_review and record.state == State.RETURNED,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("staff/includes/return_notice.html")
def return_notice(record):
    """The return reason of a returned record, for the top of its page and edit form."""
    returned = record.state == State.RETURNED
    return {"reason": record.return_reason if returned else ""}


@register.filter
def model_key(record):
    """``{% url 'staff_history' record|model_key record.pk %}``."""
    return record_key(record)


@register.filter
def can_enter(user):
    """``{% if request.user|can_enter %}``: show "New …" buttons to operators and administrators."""
    return scope_of(user).can_enter
