"""Which follow-up checks of completed physical works are due, and what they found.

A physical work that is done (status "done", with its actual end date) is checked 6 and
12 months after that date (``FollowUpCheck.Months``). A check is *due* from that day and
*overdue* ``OVERDUE_AFTER_DAYS`` later while none is recorded. Both functions read many
activities in a fixed number of queries.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from forums.models import State

from .models import Activity, ActivityKind, FollowUpCheck

MONTHS = tuple(FollowUpCheck.Months.values)  # (6, 12)
OVERDUE_AFTER_DAYS = 30


def add_months(day, months):
    """``day`` moved ``months`` on; the 31st becomes the month's last day (31 August + 6
    months is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def completed_works(activities):
    """The completed physical works among ``activities``, the ones followed up."""
    return activities.filter(
        activity_type__kind=ActivityKind.PHYSICAL,
        status=Activity.Status.DONE,
        actual_end__isnull=False,
    )


@dataclass(frozen=True)
class DueCheck:
    activity: Activity
    months: int
    due_on: datetime.date
    overdue: bool


def works_with_due_checks(activities, *, today=None):
    """The completed physical works among ``activities`` with a check due and not
    recorded, oldest first: a queryset, so that a page counts and slices it in SQL."""
    today = today or timezone.localdate()
    works = completed_works(activities)
    missing = Q()
    for months in MONTHS:
        recorded = FollowUpCheck.objects.filter(activity=OuterRef("pk"), months_after=months)
        missing |= Q(actual_end__lte=add_months(today, -months)) & ~Exists(recorded)
    return works.filter(missing).order_by("actual_end", "pk")


def due_checks(activities, *, today=None, limit=None):
    """Checks not recorded yet whose day has come, for the completed physical works among
    ``activities`` (the ``limit`` oldest works): ``DueCheck``s, overdue first, then oldest
    first. Two queries; with a ``limit``, the works come in end-date order from the index
    of completed works, whatever their number."""
    today = today or timezone.localdate()
    works = works_with_due_checks(activities, today=today).select_related("forum__village")
    works = list(works[:limit] if limit else works)
    recorded = set(
        FollowUpCheck.objects.filter(activity__in=[work.pk for work in works]).values_list(
            "activity_id", "months_after"
        )
    )
    due = []
    for work in works:
        for months in MONTHS:
            due_on = add_months(work.actual_end, months)
            if due_on <= today and (work.pk, months) not in recorded:
                overdue = (today - due_on).days > OVERDUE_AFTER_DAYS
                due.append(DueCheck(work, months, due_on, overdue))
    return sorted(due, key=lambda check: (not check.overdue, check.due_on, check.activity.pk))


@dataclass
class FollowUpStatus:
    due_months: tuple  # the checks whose day has come
    done: dict = field(default_factory=dict)  # months -> FollowUpCheck (published if public)

    @property
    def all_done(self):
        return all(months in self.done for months in self.due_months)

    @property
    def all_positive(self):
        return all(check.is_positive for check in self.done.values())


def followup_status(activities, *, public=True, today=None):
    """``{activity pk: FollowUpStatus}`` for the completed physical works among
    ``activities``; with ``public`` only published checks count. Two queries."""
    today = today or timezone.localdate()
    works = dict(completed_works(activities).values_list("pk", "actual_end"))
    statuses = {
        pk: FollowUpStatus(tuple(m for m in MONTHS if add_months(end, m) <= today))
        for pk, end in works.items()
    }
    checks = FollowUpCheck.objects.filter(activity__in=list(works))
    if public:
        checks = checks.filter(state=State.PUBLISHED)
    for check in checks:
        statuses[check.activity_id].done[check.months_after] = check
    return statuses
