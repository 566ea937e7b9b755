"""Village resilience profiles: the seeded indicators, the change from baseline to the latest
follow-up per village and target, its averages per region, staff entry in scope with the
scores' checks, and the public figures, which never show a note or evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from forums.models import ResilienceAssessment, ResilienceIndicator, ResilienceScore, State, Village
from forums.resilience import TARGETS, average, resilience_changes, summarise

from .factories import TANAH_GARAM, formset_data, profile, staff_user

pytestmark = pytest.mark.django_db

ROKAN_HULU_VILLAGE = "14.06.03.2013"


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies["django_language"] = "en"
    settings.PAGE_CACHE = False


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def villages():
    return Village.objects.all()


# The indicators -----------------------------------------------------------------------


def test_three_indicators_are_seeded_under_each_target():
    counts = dict.fromkeys(TARGETS, 0)
    for indicator in ResilienceIndicator.objects.all():
        counts[indicator.target] += 1
    assert counts == dict.fromkeys(TARGETS, 3)


# The change ---------------------------------------------------------------------------


def test_the_change_is_the_latest_follow_up_mean_less_the_first_baseline_mean():
    profile([2, 2, 2, 3, 3, 3, 1, 1, 1])  # mean 2.00
    profile([5, 5, 5, 5, 5, 5, 5, 5, 5], day=datetime.date(2023, 6, 1))  # a later baseline
    profile([3, 3, 3, 3, 3, 3, 3, 3, 3], phase="follow_up", day=datetime.date(2024, 6, 1))
    profile([3, 3, 4, 4, 4, 4, 2, 2, 2], phase="follow_up")  # the latest: mean 3.11

    change = resilience_changes(villages())[TANAH_GARAM]

    assert (change.baseline, change.latest, change.change) == (
        Decimal("2.00"),
        Decimal("3.11"),
        Decimal("1.11"),
    )
    institutions, networks, norms = (change.by_target[target] for target in sorted(TARGETS))
    assert institutions == (Decimal("2.00"), Decimal("3.33"), Decimal("1.33"))
    assert networks == (Decimal("3.00"), Decimal("4.00"), Decimal("1.00"))
    assert norms == (Decimal("1.00"), Decimal("2.00"), Decimal("1.00"))


def test_no_change_without_a_baseline_or_a_follow_up():
    profile([3, 3, 3])
    profile([4, 4, 4], village=ROKAN_HULU_VILLAGE, phase="follow_up")
    changes = resilience_changes(villages())
    assert changes[TANAH_GARAM].change is None
    assert changes[TANAH_GARAM].baseline == Decimal("3.00")
    assert changes[ROKAN_HULU_VILLAGE].change is None


def test_a_decline_is_negative():
    profile([4, 4, 4])
    profile([3, 3, 2], phase="follow_up")
    assert resilience_changes(villages())[TANAH_GARAM].change == Decimal("-1.33")


def test_unpublished_profiles_count_for_staff_only():
    profile([2, 2, 2])
    profile([4, 4, 4], phase="follow_up", published=False)
    assert resilience_changes(villages())[TANAH_GARAM].latest is None
    assert resilience_changes(villages(), public=False)[TANAH_GARAM].change == Decimal("2.00")


def test_regions_average_the_villages_with_both_profiles():
    profile([2, 2, 2])
    profile([4, 4, 4], phase="follow_up")
    profile([3, 3, 3], village=ROKAN_HULU_VILLAGE)
    profile([3, 3, 3], village=ROKAN_HULU_VILLAGE, phase="follow_up")
    profile([1, 1, 1], village="13.72.01.1002")  # a baseline only: not compared

    by_province = summarise(resilience_changes(villages()), lambda code: code[:2])

    assert (by_province["13"].villages, by_province["13"].compared) == (2, 1)
    assert by_province["13"].change == Decimal("2.00")
    assert by_province["14"].change == Decimal("0.00")
    overall = average(resilience_changes(villages()).values())
    assert (overall.baseline, overall.latest, overall.change) == (
        Decimal("2.50"),
        Decimal("3.50"),
        Decimal("1.00"),
    )


def test_changes_cost_a_fixed_number_of_queries(django_assert_num_queries):
    for code in (TANAH_GARAM, ROKAN_HULU_VILLAGE, "13.72.01.1002"):
        profile([2, 3, 4], village=code)
        profile([3, 4, 5], village=code, phase="follow_up")
    with django_assert_num_queries(3):
        assert len(resilience_changes(villages())) == 3


# The model's rules --------------------------------------------------------------------


def test_a_follow_up_before_the_baseline_is_refused():
    profile([3, 3, 3], day=datetime.date(2024, 1, 1))
    early = ResilienceAssessment(
        village_id=TANAH_GARAM,
        phase="follow_up",
        assessed_on=datetime.date(2023, 6, 1),
        assessor="Tim",
    )
    with pytest.raises(ValidationError) as error:
        early.clean()
    assert "earlier than the village's baseline" in str(error.value)


@pytest.mark.parametrize("score", [0, 6])
def test_a_score_outside_one_to_five_is_refused(score):
    assessment = profile([])
    row = ResilienceScore(
        assessment=assessment, indicator=ResilienceIndicator.objects.first(), score=score
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "A score is from 1 to 5." in str(error.value)


# Staff entry --------------------------------------------------------------------------


def assessment_data(scores, **fields):
    indicators = list(ResilienceIndicator.objects.order_by("target", "position", "name"))
    rows = [
        {"indicator": indicator.pk, "score": score, "note": "", "evidence": "Kunjungan"}
        for indicator, score in zip(indicators, scores, strict=False)
    ]
    return {
        "phase": "baseline",
        "assessed_on": "2024-02-01",
        "assessor": "Tim Dinas Sosial Kota Solok",
        "province": "13",
        "regency": "13.72",
        "district": "13.72.01",
        "village": TANAH_GARAM,
        "note": "",
        "submission_token": "token-1",
        **formset_data("scores", rows),
        **fields,
    }


def test_a_new_profile_offers_one_row_per_indicator(client, operator):
    client.force_login(operator)
    response = client.get(reverse("staff_resilience_create"))
    formset = response.context["children"][0]["formset"]
    assert len(formset.forms) == ResilienceIndicator.objects.filter(is_active=True).count()


def test_operator_enters_a_profile_with_its_scores_as_a_draft(client, operator):
    client.force_login(operator)
    response = client.post(reverse("staff_resilience_create"), assessment_data([3, 4, 2]))
    assessment = ResilienceAssessment.objects.get()
    assert response.status_code == 302
    assert assessment.state == State.DRAFT
    assert sorted(assessment.scores.values_list("score", flat=True)) == [2, 3, 4]
    assert assessment.history.get().history_user == operator


def test_a_score_of_six_is_refused_and_nothing_is_saved(client, operator):
    client.force_login(operator)
    response = client.post(reverse("staff_resilience_create"), assessment_data([3, 6]))
    assert response.status_code == 200
    assert "A score is from 1 to 5." in response.content.decode()
    assert not ResilienceAssessment.objects.exists()


def test_a_profile_needs_at_least_one_score(client, operator):
    client.force_login(operator)
    response = client.post(reverse("staff_resilience_create"), assessment_data([]))
    assert "Score at least one indicator." in response.content.decode()
    assert not ResilienceAssessment.objects.exists()


def test_a_profile_outside_the_operators_regions_is_neither_shown_nor_entered(client, operator):
    other = profile([3, 3, 3], village=ROKAN_HULU_VILLAGE)
    client.force_login(operator)
    assert client.get(reverse("staff_resilience_detail", args=[other.pk])).status_code == 404
    data = assessment_data(
        [3], province="14", regency="14.06", district="14.06.03", village=ROKAN_HULU_VILLAGE
    )
    response = client.post(reverse("staff_resilience_create"), data)
    assert "village" in response.context["form"].errors
    assert ResilienceAssessment.objects.count() == 1


# The public figures -------------------------------------------------------------------


def test_the_region_page_shows_the_mean_scores_never_notes_or_evidence(client):
    profile([2, 2, 2], note="Catatan rahasia tim penilai")
    profile([4, 4, 4], phase="follow_up")
    page = client.get(reverse("region_detail", args=["13.72"])).content.decode()
    assert 'id="resilience-summary"' in page
    assert "+2.00" in page
    assert "Catatan" not in page
    assert "Notulen rapat" not in page
    assert "Catatan rahasia" not in page


def test_the_api_gives_averages_per_regency_only(client):
    profile([2, 2, 2], note="Catatan rahasia")
    profile([4, 4, 4], phase="follow_up")
    profile([3, 3, 3], village=ROKAN_HULU_VILLAGE)
    response = client.get("/api/resilience/summary/")
    assert response.status_code == 200
    rows = {row["regency"]: row for row in response.json()}
    assert rows["13.72"]["change"] == 2.0
    assert rows["13.72"]["institutions_change"] == 2.0
    assert (rows["14.06"]["villages"], rows["14.06"]["compared"]) == (1, 0)
    assert rows["14.06"]["change"] is None
    assert "Catatan" not in response.content.decode()
    assert [
        r["regency"] for r in client.get("/api/resilience/summary/", {"province": "14"}).json()
    ] == ["14.06"]
    assert client.get("/api/resilience/summary/", {"province": "x"}).status_code == 400
