"""The funding figures (reports/figures.py) give the public the numbers the funding lines
give, row for row, and follow every change the public can see at once.

Generated national data (plus a few activities made to repeat sources, years and types)
is sliced by every filter alone, in pairs and in some triples, at each level: the
summary and the province and regency rows summed from the figures must equal the same
summed from the lines. Then publication, return, edits and deletions of lines, and a
reference-list change must show in the figures inside the same transaction.
"""

import importlib
from itertools import combinations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from activities.models import ActivityType, FundingLine
from forums.models import Forum, State
from forums.services import apply_transition
from reports.figures import rebuild
from reports.models import COUNT_COLUMNS, ProvinceFigure, RegencyFigure
from reports.selectors import figure_rows, funding_slice, funding_summary, grouped_rows
from reports.selectors.slices import FigureSums, LineSums
from reports.statistics import programme_figures, programme_years

from .factories import ForumFactory, staff_user
from .funding_data import BABUSSALAM, TANAH_GARAM, funded_activity

pytestmark = pytest.mark.django_db

SCALE = "0.002"  # 20 forums, 400 activities (tests/test_generate_national_data.py)


@pytest.fixture
def programme(db):
    call_command("generate_national_data", "--scale", SCALE, verbosity=0)
    forum = ForumFactory(published=True, village_id=TANAH_GARAM)
    # the same source twice in a year, two sources in a year, one source in two years
    funded_activity(
        [
            ("apbn", 2019, 100_000_000, 10_000_000),
            ("apbn", 2019, 5_000_000, 0),
            ("self-help", 2019, 2_000_000, 2_000_000),
            ("apbn", 2020, 50_000_000, 0),
        ],
        forum=forum,
    )
    # a second physical type and a non-physical one in the same forum, source and year
    funded_activity([("apbn", 2019, 30_000_000, 0)], forum=forum, activity_type="village-road")
    funded_activity(
        [("apbn", 2019, 35_000_000, 35_000_000), ("apbd-province", 2021, 1_000_000, 0)],
        forum=forum,
        activity_type="thematic-dialogue",
    )


def public_slice(**params):
    return funding_slice(QueryDict(urlencode(params)), AnonymousUser())


def values_present():
    """A value of each filter that has public data."""
    line = (
        FundingLine.objects.public()
        .filter(activity__forum__village__district__regency="13.72", budget_year=2019)
        .select_related("source", "activity__activity_type")
        .order_by("pk")
        .first()
    )
    return {
        "year": 2019,
        "province": "13",
        "regency": "13.72",
        "source": line.source.code,
        "type": line.activity.activity_type.code,
        "kind": line.activity.activity_type.kind,
    }


def slices_to_check():
    values = values_present()
    names = list(values)
    chosen = [(), *[(name,) for name in names], *combinations(names, 2)]
    chosen += [("year", "source", "type"), ("province", "year", "kind"), ("regency", "source")]
    chosen += [("regency", "source", "year", "kind")]
    yield from ({name: values[name] for name in names} for names in chosen)
    yield {"year": 2000}  # nothing at all
    yield {"province": "35", "kind": "non_physical", "source": "apbn"}


def assert_figures_answer_as_the_lines(params):
    funding = public_slice(**params)
    assert isinstance(funding.sums, FigureSums), params
    assert funding.summary() == funding_summary(funding.lines), params
    for level in ["province", "regency"]:
        from_figures = figure_rows(funding.grouped_rows(level))
        from_lines = figure_rows(grouped_rows(funding.lines, level))
        assert from_figures == from_lines, (params, level)


def test_figures_answer_every_slice_as_the_lines_do(programme):
    checked = 0
    for params in slices_to_check():
        assert_figures_answer_as_the_lines(params)
        checked += funding_summary(public_slice(**params).lines)["totals"]["lines"] > 0
    assert checked > 20  # the slices were not all empty


def test_default_level_rows_match_the_lines(programme):
    for params in [
        {},
        {"province": "13"},
        {"level": "regency"},
        {"year": 2019, "level": "province"},
    ]:
        funding = public_slice(**params)
        from_figures = figure_rows(funding.grouped_rows())
        assert from_figures == figure_rows(grouped_rows(funding.lines, funding.level)), params


def test_slices_finer_than_a_regency_and_staff_slices_read_the_lines(programme):
    forum = public_slice().lines.values_list("activity__forum", flat=True).first()
    assert isinstance(public_slice(forum=forum).sums, LineSums)
    operator = staff_user("operator", regencies=["13.72"])
    assert isinstance(funding_slice(QueryDict(""), operator).sums, LineSums)
    assert isinstance(funding_slice(QueryDict(""), operator, public=True).sums, FigureSums)


def test_years_and_home_figures_match_the_lines(programme):
    lines = FundingLine.objects.public()
    years = set(lines.values_list("budget_year", flat=True))
    funding = public_slice()
    funding.offer_years()
    offered = [value for value, _ in funding.filterset.form.fields["year"].widget.choices][1:]
    assert offered == sorted(years, reverse=True)
    assert years <= set(programme_years())
    for year in [None, *years]:
        selected = lines.filter(budget_year=year) if year else lines
        expected = selected.totals(activities=Count("activity", distinct=True))
        figures = programme_figures(year)
        assert {key: figures[key] for key in expected} == expected, year


# Rebuilding ------------------------------------------------------------------------------


def stored_figures():
    def rows(model, key):
        fields = [key, "activity_type", "activity_kind", "source", "budget_year"]
        fields += ["budget", "spending", "lines", *COUNT_COLUMNS]
        return sorted(model.objects.values_list(*fields))

    return rows(RegencyFigure, "regency"), rows(ProvinceFigure, "province")


def test_rebuilding_a_regency_gives_the_figures_of_a_full_rebuild(programme):
    built = stored_figures()
    assert built[0] and built[1]
    for code in ["13.72", "14.06", "35.13", "74.72"]:
        rebuild([code])
    assert stored_figures() == built
    rebuild()
    assert stored_figures() == built


def test_command_and_migration_build_the_figures_of_existing_data(programme):
    built = stored_figures()
    RegencyFigure.objects.all().delete()
    ProvinceFigure.objects.all().delete()
    call_command("rebuild_funding_figures", verbosity=0)
    assert stored_figures() == built

    RegencyFigure.objects.filter(regency="13.72").delete()
    call_command("rebuild_funding_figures", "--regency", "13.72", verbosity=0)
    assert stored_figures() == built

    migration = importlib.import_module("reports.migrations.0002_build_funding_figures")
    RegencyFigure.objects.all().delete()
    migration.build(apps, None)
    assert stored_figures() == built


def test_each_count_column_sums_to_the_distinct_count(programme):
    """Over all figures, a column counts each activity or forum once per value of what it
    is split by: "forums_kind_by_year" is the number of distinct (forum, kind, year)."""
    lines = FundingLine.objects.public().order_by()
    paths = {
        "activities": "activity",
        "forums": "activity__forum",
        "kind": "activity__activity_type__kind",
        "type": "activity__activity_type",
        "source": "source",
        "year": "budget_year",
    }
    for column in COUNT_COLUMNS:
        counted, _, by = column.partition("_by_")
        names = [*counted.split("_"), *(name for name in by.split("_") if name)]
        expected = lines.values_list(*(paths[name] for name in names)).distinct().count()
        for model in [RegencyFigure, ProvinceFigure]:
            assert model.objects.aggregate(sum=Sum(column))["sum"] == expected, (model, column)


# Following changes ----------------------------------------------------------------------


def totals(**params):
    return public_slice(**params).summary()["totals"]


@pytest.fixture
def verifier(db):
    return staff_user("verifier", province="13")


def reviewed_activity(lines, **fields):
    forum = ForumFactory(published=True, village_id=TANAH_GARAM)
    activity = funded_activity(lines, forum=forum, state=State.VERIFIED, **fields)
    return forum, activity


def test_publishing_adds_an_activity_at_once_and_returning_takes_it_out(verifier):
    forum, activity = reviewed_activity([("apbn", 2019, 80_000_000, 20_000_000)])
    assert totals()["budget"] == 0

    apply_transition(activity, "publish", verifier)
    assert totals() == {
        "budget": 80_000_000,
        "spending": 20_000_000,
        "remainder": 60_000_000,
        "forums": 1,
        "activities": 1,
        "unpublished": 0,
        "lines": 1,
    }
    assert totals(regency="13.72", source="apbn")["activities"] == 1

    apply_transition(activity, "return", verifier, reason="Periksa anggaran.")
    assert totals()["budget"] == 0
    assert totals(province="13")["activities"] == 0


def test_returning_a_forum_takes_out_its_activities(verifier):
    funded_activity([("apbn", 2019, 10_000_000, 0)], village=TANAH_GARAM)
    funded_activity([("apbn", 2019, 20_000_000, 0)], village=BABUSSALAM)
    solok = totals(regency="13.72")
    assert solok["budget"] == 10_000_000

    forum = Forum.objects.get(village_id=TANAH_GARAM)
    apply_transition(forum, "return", verifier, reason="Lengkapi pengurus.")

    assert totals(regency="13.72")["budget"] == 0
    assert totals() == totals(regency="14.06")
    assert totals()["budget"] == 20_000_000


def test_an_edited_or_deleted_line_of_a_published_activity_shows_at_once():
    # The workspace and the admin keep published records read-only (they are returned
    # first); a write behind them still announces itself, and the figures follow.
    activity = funded_activity(
        [("apbn", 2019, 10_000_000, 0), ("self-help", 2020, 4_000_000, 0)], village=TANAH_GARAM
    )
    line = activity.funding_lines.get(source__code="apbn")
    line.budget, line.spending = 12_500_000, 2_500_000
    line.save()
    assert totals()["budget"] == 16_500_000
    assert totals(year=2019)["spending"] == 2_500_000

    line.delete()
    assert totals() == totals(year=2020)
    assert totals(source="apbn")["activities"] == 0
    assert totals()["lines"] == 1


def test_a_type_moved_to_the_other_kind_moves_its_figures():
    funded_activity([("apbn", 2019, 10_000_000, 0)], activity_type="village-road")
    assert totals(kind="physical")["budget"] == 10_000_000

    road = ActivityType.objects.get(code="village-road")
    road.kind = "non_physical"
    road.save()

    assert totals(kind="physical")["budget"] == 0
    assert totals(kind="non_physical") == totals()
    assert [row["key"] for row in public_slice().summary()["by_kind"]] == ["non_physical"]


def test_a_change_rolled_back_leaves_the_figures_as_they_were(verifier):
    _, activity = reviewed_activity([("apbn", 2019, 80_000_000, 0)])
    with pytest.raises(RuntimeError), transaction.atomic():
        apply_transition(activity, "publish", verifier)
        assert totals()["budget"] == 80_000_000
        raise RuntimeError("the request failed after publishing")
    assert totals()["budget"] == 0


# What the pages read ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("funding_summary"),
        reverse("funding_summary") + "?province=13&year=2019",
        reverse("funding_summary") + "?province=13&level=regency&type=village-road",
        "/api/funding/summary/?source=apbn",
        reverse("home"),
    ],
)
def test_public_summaries_read_the_figures_not_the_lines(client, url):
    funded_activity([("apbn", 2019, 10_000_000, 0)])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "activities_fundingline" in q["sql"]]


def test_a_regency_summary_reads_the_lines_for_its_forum_rows_only(client):
    funded_activity([("apbn", 2019, 10_000_000, 0)])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("funding_summary"), {"regency": "13.72"})
    assert response.context["level"] == "forum"
    from_lines = [q["sql"] for q in queries if "activities_fundingline" in q["sql"]]
    assert len(from_lines) == 2  # the forum rows and their count for the paginator
