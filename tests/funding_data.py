"""Funding data for the reports tests: a funded activity in one call, or a random programme."""

import csv
import io

from openpyxl import load_workbook

from activities.models import ActivityType, FundingSource
from forums.models import State, Village

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, published

TANAH_GARAM = "13.72.01.1001"  # Kota Solok, Sumatera Barat
PADANG = "13.71"  # Kota Padang, Sumatera Barat
BABUSSALAM = "14.06.03.2013"  # Kabupaten Rokan Hulu, Riau
REGENCIES = ["13.72", "13.71", "14.06", "74.72", "35.13", "35.74"]
YEARS = list(range(2015, 2021))


def workflow(state):
    return published() if state == State.PUBLISHED else {"state": state}


def first_village(regency):
    return Village.objects.filter(code__startswith=f"{regency}.").order_by("code").first()


def funded_activity(
    lines=(("apbn", 2019, 100_000_000, 40_000_000),),
    *,
    forum=None,
    village=TANAH_GARAM,
    state=State.PUBLISHED,
    forum_state=State.PUBLISHED,
    activity_type="multipurpose-hall",
    **fields,
):
    """An activity with funding lines given as (source code, year, budget, spending)."""
    if forum is None:
        forum = ForumFactory(village_id=village, **workflow(forum_state))
    activity = ActivityFactory(
        forum=forum,
        activity_type=ActivityType.objects.get(code=activity_type),
        **workflow(state),
        **fields,
    )
    sources = {source.code: source for source in FundingSource.objects.all()}
    for source, year, budget, spending in lines:
        FundingLineFactory(
            activity=activity,
            source=sources[source],
            budget_year=year,
            budget=budget,
            spending=spending,
        )
    return activity


def random_programme(rng, forums=20):
    """Forums across the test regions, 1–3 activities each of random types and states,
    each with 1–4 funding lines of random sources, years and amounts (whole rupiah)."""
    villages = [
        code
        for regency in REGENCIES
        for code in Village.objects.filter(code__startswith=f"{regency}.")
        .order_by("code")
        .values_list("code", flat=True)[:3]
    ]
    types = list(ActivityType.objects.values_list("code", flat=True))
    sources = list(FundingSource.objects.values_list("code", flat=True))
    states = [State.PUBLISHED] * 6 + [State.DRAFT, State.SUBMITTED, State.VERIFIED]
    for _ in range(forums):
        forum = ForumFactory(village_id=rng.choice(villages), **workflow(rng.choice(states)))
        for _ in range(rng.randint(1, 3)):
            lines = []
            for _ in range(rng.randint(1, 4)):
                budget = rng.randrange(1, 400) * 250_000 + rng.randrange(0, 1000)
                lines.append(
                    (rng.choice(sources), rng.choice(YEARS), budget, rng.randint(0, budget))
                )
            funded_activity(
                lines, forum=forum, state=rng.choice(states), activity_type=rng.choice(types)
            )


# Reading the downloads ---------------------------------------------------------------------


def csv_rows(response, delimiter=","):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=delimiter))


def xlsx_workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def xlsx_rows(response):
    sheet = xlsx_workbook(response).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
