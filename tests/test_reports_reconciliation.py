"""Every place that shows funding figures agrees, to the rupiah, on random data and filters.

A seeded random programme (forums across the test regions, activities of random types and
workflow states, 1–4 funding lines each) and random filter combinations: the page's totals,
the CSV and XLSX totals rows, the API summary, the sum of the API's activity totals and a
sum written directly against the database must all be equal. Staff (a superuser, every
state) are checked the same way against the database without the published condition.
"""

import random

import pytest
from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse

from activities.models import ActivityKind, ActivityType, FundingLine, FundingSource
from forums.models import State
from reports.exports import MONEY_COLUMNS

from .factories import UserFactory
from .funding_data import REGENCIES, YEARS, csv_rows, random_programme, xlsx_rows

pytestmark = pytest.mark.django_db

SEED = 20191022
COMBINATIONS = 25
BUDGET, SPENDING, REMAINDER = MONEY_COLUMNS


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_download_throttling(settings):
    # The loop downloads fifty files at once; the download limits have their own tests.
    settings.EXPORT_RATE = ""


def random_filters(rng):
    """A random, consistent combination of the summary's filters."""
    filters = {}
    if rng.random() < 0.5:
        filters["year"] = rng.choice(YEARS)
    place = rng.random()
    if place < 0.3:
        filters["province"] = rng.choice(REGENCIES).split(".")[0]
    elif place < 0.55:
        regency = rng.choice(REGENCIES)
        filters["regency"] = regency
        if rng.random() < 0.5:
            filters["province"] = regency.split(".")[0]
    if rng.random() < 0.35:
        filters["source"] = rng.choice(list(FundingSource.objects.values_list("code", flat=True)))
    if rng.random() < 0.25:
        filters["type"] = rng.choice(list(ActivityType.objects.values_list("code", flat=True)))
    if rng.random() < 0.3:
        filters["kind"] = rng.choice(ActivityKind.values)
    return filters


def database_totals(filters, *, public=True):
    """The same slice summed straight from the database, written independently of reports."""
    lines = FundingLine.objects.all()
    if public:
        lines = lines.filter(
            activity__state=State.PUBLISHED, activity__forum__state=State.PUBLISHED
        )
    lookups = {
        "year": "budget_year",
        "province": "activity__forum__village__district__regency__province_id",
        "regency": "activity__forum__village__district__regency_id",
        "source": "source__code",
        "type": "activity__activity_type__code",
        "kind": "activity__activity_type__kind",
    }
    lines = lines.filter(**{lookups[name]: value for name, value in filters.items()})
    totals = lines.aggregate(
        budget=Sum("budget", default=0),
        spending=Sum("spending", default=0),
        activities=Count("activity", distinct=True),
    )
    budget, spending = int(totals["budget"]), int(totals["spending"])
    return {
        "budget": budget,
        "spending": spending,
        "remainder": budget - spending,
        "activities": totals["activities"],
    }


def page_totals(client, filters):
    totals = client.get(reverse("funding_summary"), filters).context["totals"]
    return {key: totals[key] for key in ["budget", "spending", "remainder", "activities"]}


def file_totals(rows):
    last = rows[-1]
    return {
        "budget": int(last[BUDGET]),
        "spending": int(last[SPENDING]),
        "remainder": int(last[REMAINDER]),
    }


def api_totals(client, filters):
    totals = client.get("/api/funding/summary/", filters, HTTP_ACCEPT="application/json").json()[
        "totals"
    ]
    return {key: totals[key] for key in ["budget", "spending", "remainder", "activities"]}


def api_activity_totals(client, filters):
    """The totals of every activity the API lists for the slice, page after page."""
    url, params, budget, spending, count = (
        "/api/activities/",
        {**filters, "page_size": 200},
        0,
        0,
        0,
    )
    while url:
        data = client.get(url, params, HTTP_ACCEPT="application/json").json()
        for item in data["results"]:
            budget += item["totals"]["budget"]
            spending += item["totals"]["spending"]
            count += 1
        url, params = data["next"], None
    return {
        "budget": budget,
        "spending": spending,
        "remainder": budget - spending,
        "activities": count,
    }


def money(totals):
    return {key: totals[key] for key in ["budget", "spending", "remainder"]}


def test_page_csv_xlsx_api_and_database_totals_agree_to_the_rupiah(client, settings):
    settings.PAGE_CACHE = False  # reads the rendered context of repeated pages
    rng = random.Random(SEED)
    random_programme(rng)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    staff_client = client_class_for(client)
    staff_client.force_login(superuser)
    checked = set()

    for _ in range(COMBINATIONS):
        filters = random_filters(rng)
        expected = database_totals(filters)
        checked.add(expected["budget"] > 0)

        assert page_totals(client, filters) == expected, filters
        assert file_totals(csv_rows(client.get(reverse("funding_csv"), filters))) == money(expected)
        assert file_totals(xlsx_rows(client.get(reverse("funding_xlsx"), filters))) == money(
            expected
        )
        assert api_totals(client, filters) == expected, filters
        assert api_activity_totals(client, filters) == expected, filters

        staff_expected = database_totals(filters, public=False)
        assert page_totals(staff_client, filters) == staff_expected, filters
        staff_csv = csv_rows(staff_client.get(reverse("funding_csv"), filters))
        assert file_totals(staff_csv) == money(staff_expected)

    # The random slices were neither all empty nor all full.
    assert checked == {True, False}


def test_rows_of_each_level_add_up_to_the_totals(client):
    random_programme(random.Random(SEED + 1), forums=8)

    for level in ["province", "regency", "forum", "activity"]:
        response = client.get(reverse("funding_summary"), {"level": level})
        rows, totals = response.context["rows"], response.context["totals"]
        assert sum(row["budget"] for row in rows) == totals["budget"], level
        assert sum(row["spending"] for row in rows) == totals["spending"], level
        summary = response.context["summary"]
        for breakdown in ["by_source", "by_year", "by_kind", "by_type"]:
            assert sum(row["budget"] for row in summary[breakdown]) == totals["budget"]


def client_class_for(client):
    """A second test client, so the public and the staff member browse side by side."""
    return type(client)()
