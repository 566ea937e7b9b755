"""Desa Berketahanan Sosial from the database: the facts each rule reads (published records
only), the stored verdicts and their history, the public list, its downloads and the
open-data counts."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from forums.models import Village
from reports.eligibility import judge, update_eligibility, verdict_changes, village_facts
from reports.models import VillageEligibility

from .factories import (
    TANAH_GARAM,
    FollowUpCheckFactory,
    ForumFactory,
    FundingLineFactory,
    completed_work,
    profile,
)

pytestmark = pytest.mark.django_db

ROKAN_HULU_VILLAGE = "14.06.03.2013"


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies["django_language"] = "en"
    settings.PAGE_CACHE = False


def eligible_village(code=TANAH_GARAM):
    """A village passing every rule: an accounted work, both checks positive, more resilient."""
    forum = ForumFactory(village=Village.objects.get(code=code), published=True)
    work = completed_work(forum=forum, ended=datetime.date(2023, 6, 30))
    FundingLineFactory(activity=work, budget=150_000_000, spending=148_500_000)
    for months in (6, 12):
        FollowUpCheckFactory(
            activity=work,
            months_after=months,
            checked_on=datetime.date(2024, 7, 1) if months == 12 else datetime.date(2024, 1, 2),
            published=True,
        )
    profile([2, 2, 3], village=code)
    profile([3, 4, 4], village=code, phase="follow_up")
    return work


def facts(code=TANAH_GARAM):
    return village_facts(Village.objects.filter(code=code))[code]


def test_a_village_with_everything_done_is_eligible():
    eligible_village()
    found = facts()
    assert (found.completed, found.unreported, found.overspent) == (1, 0, 0)
    assert (found.physical, found.checks_due, found.checks_missing) == (1, 2, 0)
    assert judge(found).eligible


def test_unreported_spending_fails_the_accounting_rule():
    work = eligible_village()
    FundingLineFactory(activity=work, budget=50_000_000, spending=0)
    found = facts()
    assert found.unreported == 1
    assert [reason.rule for reason in judge(found).failed] == ["accounted"]


def test_a_missing_or_negative_check_fails_the_follow_up_rule():
    work = eligible_village()
    work.followups.get(months_after=12).delete()
    assert facts().checks_missing == 1
    FollowUpCheckFactory(
        activity=work,
        months_after=12,
        checked_on=datetime.date(2024, 7, 1),
        in_use=False,
        use_frequency="never",
        published=True,
    )
    found = facts()
    assert (found.checks_missing, found.checks_negative) == (0, 1)
    assert [reason.rule for reason in judge(found).failed] == ["followed_up"]


def test_unpublished_records_do_not_count():
    work = eligible_village()
    check = work.followups.get(months_after=6)
    check.state = "draft"
    check.save()
    assert facts().checks_missing == 1


def test_resilience_that_did_not_rise_fails_the_last_rule():
    eligible_village()
    profile([1, 1, 1], phase="follow_up", day=datetime.date(2025, 6, 1))
    assert [reason.rule for reason in judge(facts()).failed] == ["resilience"]


def test_facts_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    eligible_village()
    eligible_village(ROKAN_HULU_VILLAGE)
    # Villages, completed activities, funding lines, works, follow-up status (2) and
    # resilience (3): ten, for two villages as for ten thousand.
    with django_assert_max_num_queries(10):
        assert len(village_facts(Village.objects.all())) == Village.objects.count()


# Stored verdicts and their history ----------------------------------------------------


def test_update_stores_verdicts_of_programme_villages_and_when_they_became_eligible():
    work = eligible_village()
    ForumFactory(village=Village.objects.get(code=ROKAN_HULU_VILLAGE), published=True)

    assert update_eligibility(today=datetime.date(2025, 3, 1)) == (1, 2)
    stored = VillageEligibility.objects.get(village_id=TANAH_GARAM)
    assert (stored.eligible, stored.since) == (True, datetime.date(2025, 3, 1))
    assert not VillageEligibility.objects.get(village_id=ROKAN_HULU_VILLAGE).eligible
    assert update_eligibility(today=datetime.date(2025, 3, 2)) == (1, 0)  # nothing changed

    FundingLineFactory(activity=work, spending=0)
    update_eligibility(today=datetime.date(2025, 4, 1))
    stored.refresh_from_db()
    assert (stored.eligible, stored.since) == (False, None)
    assert [eligible for _day, eligible in verdict_changes(TANAH_GARAM)] == [True, False]


# The page, downloads and API ----------------------------------------------------------


def test_the_page_states_the_rules_and_gives_each_villages_reasons(client):
    eligible_village()
    ForumFactory(village=Village.objects.get(code=ROKAN_HULU_VILLAGE), published=True)
    update_eligibility()
    page = client.get(reverse("village_eligibility")).content.decode()
    assert 'id="eligibility-rules"' in page
    assert "1 of 2 programme villages are eligible." in page
    assert "No completed activity yet." in page
    response = client.get(reverse("village_eligibility"), {"verdict": "in"})
    assert [row.village.code for row in response.context["rows"]] == [TANAH_GARAM]


def test_a_village_page_gives_its_history(client):
    eligible_village()
    update_eligibility()
    response = client.get(reverse("village_eligibility_detail", args=[TANAH_GARAM]))
    assert response.status_code == 200
    assert 'id="eligibility-history"' in response.content.decode()
    assert client.get(reverse("village_eligibility_detail", args=["99"])).status_code == 404


@pytest.mark.parametrize(
    "query", [{"verdict": "maybe"}, {"province": "99"}, {"province": "<script>"}]
)
def test_bad_filters_get_a_message_not_an_error(client, query):
    for name in ("village_eligibility", "village_eligibility_csv", "village_eligibility_xlsx"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400
        assert "invalid-feedback" in response.content.decode()


def test_the_downloads_hold_one_row_per_village_with_its_reasons(client):
    eligible_village()
    ForumFactory(village=Village.objects.get(code=ROKAN_HULU_VILLAGE), published=True)
    update_eligibility()
    csv_text = client.get(reverse("village_eligibility_csv")).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 3
    assert TANAH_GARAM in csv_text and "yes: " in csv_text
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("village_eligibility_xlsx")).content), read_only=True
    )
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[2][0] == "Province"
    assert len(rows) == 5


def test_the_api_counts_villages_and_eligible_ones_by_regency(client):
    eligible_village()
    ForumFactory(village=Village.objects.get(code=ROKAN_HULU_VILLAGE), published=True)
    update_eligibility()
    rows = client.get("/api/eligibility/counts/").json()
    assert [(r["regency"], r["villages"], r["eligible"]) for r in rows] == [
        ("13.72", 1, 1),
        ("14.06", 1, 0),
    ]
    assert client.get("/api/eligibility/counts/", {"province": "14"}).json()[0]["eligible"] == 0
