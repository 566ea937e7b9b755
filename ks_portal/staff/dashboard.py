"""What the staff dashboard shows for a user's scope, in a fixed number of queries.

The counts by state of every workflow model in one query; per model, one query for what was
returned to the user (operators), one for what waits for their verification
(verifiers), and one for the latest history rows. Rows are merged in Python.
"""

from dataclasses import dataclass

from django.db.models import Count, Value
from django.utils.text import capfirst

from forums.models import State, scope_of
from forums.services import describe_step

from .history import ACTIONS
from .records import RECORD_KINDS

RECENT_CHANGES = 15
LIST_LIMIT = 20


@dataclass
class Item:
    key: str
    pk: int
    kind: str
    label: str
    url_name: str
    when: object = None
    who: object = None
    reason: str = ""
    action: str = ""


def state_counts(user):
    """A row per model: its plural name and the number of records in each state.

    One query: each model's in-scope counts by state, joined with UNION ALL.
    """
    kinds = list(RECORD_KINDS.values())
    per_kind = [
        kind.model.objects.in_scope(user)
        .order_by()
        .values("state")
        .annotate(number=Count("pk"))
        .values_list(Value(index), "state", "number")
        for index, kind in enumerate(kinds)
    ]
    counts = {}
    for index, state, number in per_kind[0].union(*per_kind[1:], all=True):
        counts[index, state] = number
    rows = []
    for index, kind in enumerate(kinds):
        numbers = [counts.get((index, state.value), 0) for state in State]
        rows.append(
            {
                "kind": capfirst(kind.model._meta.verbose_name_plural),
                "counts": numbers,
                "total": sum(numbers),
            }
        )
    return rows


def _items_in_state(user, state):
    """In-scope records in ``state``, oldest change first (they have waited longest)."""
    items = []
    for key, kind in RECORD_KINDS.items():
        records = kind.model.objects.in_scope(user).filter(state=state).order_by("updated_at")
        for record in records[:LIST_LIMIT]:
            items.append(
                Item(
                    key,
                    record.pk,
                    capfirst(kind.model._meta.verbose_name),
                    kind.label(record),
                    kind.detail_url,
                    when=record.updated_at,
                    reason=record.return_reason,
                )
            )
    items.sort(key=lambda item: item.when)
    return items


def returned_to(user):
    return _items_in_state(user, State.RETURNED) if scope_of(user).can_enter else []


def waiting_for_verification(user):
    return _items_in_state(user, State.SUBMITTED) if scope_of(user).can_verify else []


def recent_changes(user, limit=RECENT_CHANGES):
    """The latest history rows of in-scope records of every workflow model."""
    items = []
    for key, kind in RECORD_KINDS.items():
        model = kind.model
        versions = (
            model.history.filter(id__in=model.objects.in_scope(user).values("pk"))
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for version in versions:
            items.append(
                Item(
                    key,
                    version.id,
                    capfirst(model._meta.verbose_name),
                    kind.label(version),
                    kind.detail_url,
                    when=version.history_date,
                    who=version.history_user,
                    reason=describe_step(version.history_change_reason),
                    action=ACTIONS.get(version.history_type, ""),
                )
            )
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]
