"""FundingLine.objects: the public lines and the money sums every page, report and API uses."""

import pytest
from django.db.models import Count

from activities.models import FundingLine
from forums.models import State

from .factories import ActivityFactory, ForumFactory, FundingLineFactory

pytestmark = pytest.mark.django_db


def test_public_lines_are_those_of_published_activities_in_published_forums():
    public_forum = ForumFactory(published=True)
    shown = FundingLineFactory(activity=ActivityFactory(forum=public_forum, published=True))
    FundingLineFactory(activity=ActivityFactory(forum=public_forum, state=State.VERIFIED))
    FundingLineFactory(activity=ActivityFactory(forum=ForumFactory(), published=True))

    assert list(FundingLine.objects.public()) == [shown]


def test_totals_are_whole_rupiah_ints_with_remainder_and_extra_aggregates():
    activity = ActivityFactory()
    FundingLineFactory(activity=activity, budget=110_000_000, spending=100_000_000)
    FundingLineFactory(activity=activity, budget=40_000_000, spending=40_000_000)

    totals = FundingLine.objects.totals(lines=Count("pk"))

    assert totals == {
        "budget": 150_000_000,
        "spending": 140_000_000,
        "remainder": 10_000_000,
        "lines": 2,
    }
    assert all(type(value) is int for value in totals.values())


def test_totals_of_no_lines_are_zero():
    assert FundingLine.objects.none().totals() == {"budget": 0, "spending": 0, "remainder": 0}
    assert FundingLine.objects.public().totals() == {"budget": 0, "spending": 0, "remainder": 0}


def test_sums_per_group_after_values():
    activity = ActivityFactory()
    FundingLineFactory(activity=activity, budget_year=2018, budget=100, spending=10)
    FundingLineFactory(activity=activity, budget_year=2018, budget=50, spending=5)
    FundingLineFactory(activity=activity, budget_year=2019, budget=7, spending=0)

    rows = FundingLine.objects.values("budget_year").sums().order_by("budget_year")

    assert [(r["budget_year"], r["budget_sum"], r["spending_sum"]) for r in rows] == [
        (2018, 150, 15),
        (2019, 7, 0),
    ]
