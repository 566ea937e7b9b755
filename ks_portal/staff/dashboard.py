"""What the staff dashboard shows for a user's scope, in a fixed number of queries.

The counts by state of every workflow model in one query; per model, one query for what was
returned to the user (operators), one for what waits for their verification
(verifiers), and one for the latest history rows; one query for the people who submitted
or returned the listed records. Rows are merged in Python.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery, Value
from django.utils.text import capfirst

from activities.followups import due_checks
from activities.models import Activity
from forums.models import Post, State, scope_of
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
    forum: object = None
    regency: object = None


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


# The history step that put a record in the state it waits in, by that state.
STEP_INTO = {State.SUBMITTED: "submit", State.RETURNED: "return"}


def with_step(records, model, step):
    """Annotate who took ``step`` last on each record, and when, from its history."""
    versions = model.history.filter(id=OuterRef("pk"), history_change_reason__startswith=step)
    versions = versions.order_by("-history_date", "-history_id")
    return records.annotate(
        step_user_id=Subquery(versions.values("history_user_id")[:1]),
        step_at=Subquery(versions.values("history_date")[:1]),
    )


def _items_in_state(user, state):
    """In-scope records in ``state``, oldest step first (they have waited longest), each
    with its forum, its regency, and who put it there and when (its history's step; a
    news post without one names its author)."""
    items = []
    for key, kind in RECORD_KINDS.items():
        model = kind.model
        records = model.objects.in_scope(user).filter(state=state)
        records = records.select_related(*kind.place_related)
        if model is Post:
            records = records.select_related("author")
        records = with_step(records, model, STEP_INTO[state]).order_by("updated_at")
        for record in records[:LIST_LIMIT]:
            items.append(
                Item(
                    key,
                    record.pk,
                    capfirst(model._meta.verbose_name),
                    kind.full_label(record),
                    kind.detail_url,
                    when=record.step_at or record.updated_at,
                    who=record.step_user_id or getattr(record, "author", None),
                    reason=record.return_reason,
                    forum=kind.forum_of(record),
                    regency=kind.regency_of(record),
                )
            )
    people = get_user_model()._default_manager.in_bulk(
        {item.who for item in items if isinstance(item.who, int)}
    )
    for item in items:
        if isinstance(item.who, int):
            item.who = people.get(item.who)
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


FOLLOWUPS_SHOWN = 10  # works with a check due, listed on the dashboard


def followups_due(user):
    """The checks due and not recorded of the ``FOLLOWUPS_SHOWN`` oldest completed physical
    works in ``user``'s scope that have one (overdue first), and whether more works wait.
    Two queries, never a count: at national scope counting every such work costs seconds,
    and the full list is a click away."""
    if not scope_of(user).can_enter:
        return {"followups_due": [], "followups_more": False}
    due = due_checks(Activity.objects.in_scope(user), limit=FOLLOWUPS_SHOWN + 1)
    works = list(dict.fromkeys(check.activity.pk for check in due))
    shown = set(works[:FOLLOWUPS_SHOWN])
    return {
        "followups_due": [check for check in due if check.activity.pk in shown],
        "followups_more": len(works) > FOLLOWUPS_SHOWN,
    }
