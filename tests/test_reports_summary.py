"""The funding summary page (/reports/funding/): totals, groups, filters, drill-down, scope."""

import json
import re

import pytest
from django.urls import reverse

from forums.models import StaffProfile, State

from .factories import UserFactory
from .funding_data import BABUSSALAM, PADANG, first_village, funded_activity

pytestmark = pytest.mark.django_db

SUMMARY = reverse("funding_summary")


def staff(role, province=None, regencies=()):
    user = UserFactory()
    profile = StaffProfile.objects.create(user=user, role=role, province_id=province)
    profile.regencies.set(regencies)
    return user


def row_names(response):
    return [row["name"] for row in response.context["rows"]]


def money(response):
    totals = response.context["totals"]
    return totals["budget"], totals["spending"], totals["remainder"]


@pytest.fixture
def programme():
    """Solok: a hall (APBN 2019 + APBD 2020) and a dialogue; Rokan Hulu: a seminar."""
    hall = funded_activity(
        [("apbn", 2019, 100_000_000, 60_000_000), ("apbd-regency", 2020, 50_000_000, 0)]
    )
    dialogue = funded_activity(
        [("apbn", 2019, 35_000_000, 35_000_000)],
        forum=hall.forum,
        activity_type="thematic-dialogue",
    )
    seminar = funded_activity(
        [("dpr-aspiration", 2020, 20_000_000, 15_000_000)],
        village=BABUSSALAM,
        activity_type="seminar",
    )
    return {"hall": hall, "dialogue": dialogue, "seminar": seminar}


def test_page_totals_budget_spending_remainder_and_counts(client, programme):
    response = client.get(SUMMARY)

    assert response.status_code == 200
    assert money(response) == (205_000_000, 110_000_000, 95_000_000)
    assert response.context["totals"]["forums"] == 2
    assert response.context["totals"]["activities"] == 3
    body = response.content.decode()
    assert "Rp 205.000.000" in body
    assert body.count("<h1") == 1


def test_rows_group_by_province_with_totals_per_row(client, programme):
    rows = client.get(SUMMARY).context["rows"]

    assert [(row["key"], row["budget"], row["spending"], row["activities"]) for row in rows] == [
        ("13", 185_000_000, 95_000_000, 2),
        ("14", 20_000_000, 15_000_000, 1),
    ]
    assert rows[0]["remainder"] == 90_000_000


def test_breakdowns_by_source_year_kind_and_type(client, programme):
    summary = client.get(SUMMARY).context["summary"]

    by_source = {row["key"]: row["budget"] for row in summary["by_source"]}
    assert by_source == {
        "apbn": 135_000_000,
        "dpr-aspiration": 20_000_000,
        "apbd-regency": 50_000_000,
    }
    assert {row["key"]: row["budget"] for row in summary["by_year"]} == {
        2019: 135_000_000,
        2020: 70_000_000,
    }
    assert {row["key"]: row["activities"] for row in summary["by_kind"]} == {
        "non_physical": 2,
        "physical": 1,
    }
    assert {row["key"]: row["budget"] for row in summary["by_type"]} == {
        "multipurpose-hall": 150_000_000,
        "thematic-dialogue": 35_000_000,
        "seminar": 20_000_000,
    }


def test_an_activity_with_two_sources_counts_once_in_the_totals(client, programme):
    response = client.get(SUMMARY, {"province": "13"})

    assert response.context["totals"]["activities"] == 2
    by_source = {row["key"]: row["activities"] for row in response.context["summary"]["by_source"]}
    assert by_source == {"apbn": 2, "apbd-regency": 1}


@pytest.mark.parametrize(
    ("filters", "budget"),
    [
        ({"year": "2019"}, 135_000_000),
        ({"province": "14"}, 20_000_000),
        ({"regency": "13.72"}, 185_000_000),
        ({"source": "apbd-regency"}, 50_000_000),
        ({"type": "thematic-dialogue"}, 35_000_000),
        ({"kind": "physical"}, 150_000_000),
        ({"kind": "non_physical", "year": "2020"}, 20_000_000),
    ],
)
def test_each_filter_narrows_the_slice(client, programme, filters, budget):
    assert client.get(SUMMARY, filters).context["totals"]["budget"] == budget


def test_forum_filter_narrows_to_one_forum(client, programme):
    forum = programme["seminar"].forum

    response = client.get(SUMMARY, {"forum": forum.pk})

    assert response.context["totals"]["budget"] == 20_000_000
    assert response.context["level"] == "activity"


def test_a_bad_filter_value_shows_no_figures_instead_of_dropping_the_filter(client, programme):
    # It used to be left out, and the page showed the whole programme as the answer.
    response = client.get(SUMMARY, {"year": "abc", "province": "99", "source": "apbn"})

    assert response.status_code == 400
    assert "totals" not in response.context
    assert set(response.context["filter"].errors) == {"year", "province"}


def test_drill_down_from_province_to_regency_forum_and_activity(client, programme):
    solok_forum = programme["hall"].forum
    by_province = client.get(SUMMARY)
    by_regency = client.get(SUMMARY, {"province": "13"})
    by_forum = client.get(SUMMARY, {"province": "13", "regency": "13.72"})
    by_activity = client.get(SUMMARY, {"forum": solok_forum.pk})

    assert by_province.context["level"] == "province"
    assert by_regency.context["level"] == "regency"
    assert row_names(by_regency) == ["Kota Solok"]
    assert by_forum.context["level"] == "forum"
    assert row_names(by_forum) == [solok_forum.name]
    assert by_activity.context["level"] == "activity"
    assert sorted(row_names(by_activity)) == sorted(
        [programme["hall"].title, programme["dialogue"].title]
    )
    # Each row links one level down, keeping the other filters.
    body = client.get(SUMMARY, {"year": "2019"}).content.decode()
    assert 'href="?year=2019&amp;province=13"' in body
    regency_page = client.get(SUMMARY, {"province": "13", "year": "2019"}).content.decode()
    assert "regency=13.72" in regency_page


def test_regency_alone_implies_its_province(client, programme):
    response = client.get(SUMMARY, {"regency": "13.72"})

    assert response.context["filter"].form.cleaned_data["province"].code == "13"
    assert response.context["level"] == "forum"


def test_level_parameter_groups_rows_as_asked(client, programme):
    response = client.get(SUMMARY, {"level": "activity"})

    assert len(response.context["rows"]) == 3


def test_drafts_are_left_out_for_the_public(client, programme):
    funded_activity([("apbn", 2019, 999_000_000, 0)], state=State.DRAFT)
    funded_activity([("apbn", 2019, 888_000_000, 0)], forum_state=State.SUBMITTED)

    response = client.get(SUMMARY)

    assert response.context["totals"]["budget"] == 205_000_000
    assert "unpublished" not in response.content.decode().lower()


def test_a_signed_in_user_without_staff_profile_sees_public_data(client, programme):
    funded_activity([("apbn", 2019, 999_000_000, 0)], state=State.DRAFT)
    client.force_login(UserFactory())

    assert client.get(SUMMARY).context["totals"]["budget"] == 205_000_000


def test_superuser_sees_drafts_marked_as_unpublished(client, programme):
    funded_activity([("apbn", 2019, 1_000_000, 0)], state=State.DRAFT, title="Rahasia")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    client.cookies["django_language"] = "en"

    response = client.get(SUMMARY, {"level": "activity"})
    body = response.content.decode()

    assert response.context["totals"]["budget"] == 206_000_000
    assert response.context["totals"]["unpublished"] == 1
    assert "Includes unpublished data" in body
    assert "Rahasia" in body
    assert re.search(r'<span class="badge text-bg-warning">\s*Draft', body, re.I)


def test_operator_sees_only_their_regency_in_every_state(client, programme):
    draft = funded_activity([("apbn", 2019, 7_000_000, 0)], state=State.SUBMITTED)
    funded_activity(
        [("apbn", 2019, 3_000_000, 0)], village=first_village(PADANG).code, state=State.DRAFT
    )
    client.force_login(staff("operator", regencies=["13.72"]))

    response = client.get(SUMMARY)

    assert response.context["totals"]["budget"] == 185_000_000 + 7_000_000
    assert response.context["totals"]["unpublished"] == 1
    assert draft.forum.name
    # The state filter is there for staff only.
    assert "state" in response.context["filter"].form.fields
    assert client.get(SUMMARY, {"state": "submitted"}).context["totals"]["budget"] == 7_000_000


def test_verifier_sees_the_regencies_of_their_province(client, programme):
    funded_activity(
        [("apbn", 2019, 3_000_000, 0)], village=first_village(PADANG).code, state=State.DRAFT
    )
    client.force_login(staff("verifier", province="13"))

    response = client.get(SUMMARY)

    assert response.context["totals"]["budget"] == 185_000_000 + 3_000_000
    assert [row["key"] for row in response.context["rows"]] == ["13"]
    province_choices = [
        str(code)
        for code, _label in response.context["filter"].form.fields["province"].choices
        if code
    ]
    assert province_choices == ["13"]


def test_state_filter_is_not_offered_to_the_public(client, programme):
    response = client.get(SUMMARY, {"state": "draft"})

    assert "state" not in response.context["filter"].form.fields
    assert response.context["totals"]["budget"] == 205_000_000


def test_year_list_offers_the_years_with_data(client, programme):
    response = client.get(SUMMARY)

    widget = response.context["filter"].form.fields["year"].widget
    assert [value for value, _label in widget.choices] == ["", 2020, 2019]


def test_charts_get_their_figures_as_json_and_chart_js_from_static(client, programme):
    body = client.get(SUMMARY).content.decode()

    data = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert {item["name"]: item["budget"] for item in data["regions"]} == {
        "Sumatera Barat": 185_000_000,
        "Riau": 20_000_000,
    }
    assert sum(item["budget"] for item in data["sources"]) == 205_000_000
    assert [item["name"] for item in data["years"]] == ["2019", "2020"]
    assert "/static/vendor/chartjs/chart.umd.min.js" in body
    assert "/static/js/funding_charts.js" in body
    assert 'role="img"' in body
    scripts = re.findall(r"<script[^>]*>", body)
    assert all("http" not in tag for tag in scripts)
    assert not re.search(r"<script>(?!</script>)", body)  # no inline scripts


def test_download_links_carry_the_filters(client, programme):
    body = client.get(SUMMARY, {"year": "2019", "page": "1"}).content.decode()

    assert f'href="{reverse("funding_csv")}?year=2019"' in body
    assert f'href="{reverse("funding_xlsx")}?year=2019"' in body
    assert f'href="{reverse("activity_register")}?year=2019"' in body


def test_empty_slice_says_so(client):
    response = client.get(SUMMARY)

    assert response.status_code == 200
    assert money(response) == (0, 0, 0)
    assert "Tidak ada pendanaan yang sesuai dengan filter ini." in response.content.decode()


def make_programme(forums):
    for index in range(forums):
        village = [BABUSSALAM, "13.72.01.1001"][index % 2]
        funded_activity(
            [("apbn", 2019, 10_000_000, 0), ("self-help", 2020, 1_000_000, 500_000)],
            village=village,
        )


@pytest.mark.parametrize("forums", [2, 12])
@pytest.mark.parametrize("params", [{}, {"province": "13"}, {"level": "activity"}])
def test_summary_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, forums, params
):
    make_programme(forums)
    with django_assert_max_num_queries(14):
        response = client.get(SUMMARY, params)
    assert response.status_code == 200


def test_staff_summary_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    make_programme(6)
    client.force_login(staff("verifier", province="13"))
    with django_assert_max_num_queries(17):
        response = client.get(SUMMARY, {"regency": "13.72"})
    assert response.status_code == 200
