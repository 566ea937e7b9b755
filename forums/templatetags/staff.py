"""Template tags of the staff workspace: the workflow panel and the state badge.

``{% load staff %}`` then, on any staff detail page of a workflow record (forum,
activity, meeting, progress report, news post):

- ``{% workflow_panel record %}``: state, return reason, verifier's stamp, one
  form per transition the user may apply now, and the link to the record's history.
- ``{% state_badge record %}`` (or ``{% state_badge "submitted" %}``): the state as a badge.
- ``record|model_key``: "forum", "activity", … for ``{% url 'staff_history' … %}``.
- ``request.user|can_enter``: whether to offer "New …" buttons.
"""

from django import template

from forums.models import State, scope_of
from forums.services import allowed_transitions

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
def workflow_panel(context, record):
    request = context["request"]
    return {
        "record": record,
        "record_key": record_key(record),
        "transitions": allowed_transitions(record, request.user),
        "is_returned": record.state == State.RETURNED,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def model_key(record):
    """``{% url 'staff_history' record|model_key record.pk %}``."""
    return record_key(record)


@register.filter
def can_enter(user):
    """``{% if request.user|can_enter %}``: show "New …" buttons to operators and administrators."""
    return scope_of(user).can_enter
