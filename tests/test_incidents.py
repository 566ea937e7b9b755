"""Conflict incidents: the trigger list, the model's rules, staff entry in scope, the
workflow and history; and the public aggregates, which never show a description."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forums.models import ConflictIncident, ConflictTrigger, State, Village
from forums.services import apply_transition

from .factories import TANAH_GARAM, ConflictIncidentFactory, staff_user

pytestmark = pytest.mark.django_db

ROKAN_HULU_VILLAGE = "14.06.03.2013"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def incident_data(**fields):
    return {
        "occurred_on": "2025-03-14",
        "trigger": ConflictTrigger.objects.get(code="land-dispute").pk,
        "province": "13",
        "regency": "13.72",
        "district": "13.72.01",
        "village": TANAH_GARAM,
        "description": "Sengketa batas kebun antara dua keluarga.",
        "people_affected": "40",
        "people_displaced": "",
        "source": "Laporan lurah",
        "submission_token": "token-1",
        **fields,
    }


# The trigger list -------------------------------------------------------------------


def test_the_eight_triggers_of_2012_are_seeded_with_their_national_shares():
    triggers = list(ConflictTrigger.objects.order_by("position"))
    assert [t.name for t in triggers] == [
        "Bentrok antarwarga",
        "Masalah keamanan",
        "Sengketa lahan",
        "Isu SARA",
        "Konflik ormas",
        "Konflik lembaga pendidikan",
        "Ekses politik",
        "Kesenjangan sosial",
    ]
    assert triggers[0].national_share_2012 == Decimal("33.6")
    assert sum(t.national_share_2012 for t in triggers) == Decimal("91.4")


def test_an_unused_trigger_is_not_offered_for_new_incidents(client, operator):
    ConflictTrigger.objects.filter(code="political-excess").update(is_active=False)
    client.force_login(operator)
    form = client.get(reverse("staff_incident_create")).context["form"]
    codes = {trigger.code for trigger in form.fields["trigger"].queryset}
    assert "political-excess" not in codes
    assert "land-dispute" in codes


# Model rules --------------------------------------------------------------------


def test_an_incident_cannot_be_dated_in_the_future():
    incident = ConflictIncidentFactory.build(
        occurred_on=timezone.localdate() + datetime.timedelta(days=1),
        village=Village.objects.get(code=TANAH_GARAM),
    )
    with pytest.raises(ValidationError) as error:
        incident.clean()
    assert "occurred_on" in error.value.message_dict


def test_more_displaced_than_affected_is_refused():
    incident = ConflictIncidentFactory.build(people_affected=10, people_displaced=11)
    with pytest.raises(ValidationError) as error:
        incident.clean()
    assert "people_displaced" in error.value.message_dict


def test_unknown_numbers_of_people_are_allowed():
    incident = ConflictIncidentFactory(people_affected=None, people_displaced=None)
    incident.full_clean()


# Staff entry ----------------------------------------------------------------------


def test_operator_enters_an_incident_as_a_draft_with_history(client, operator):
    client.force_login(operator)
    response = client.post(reverse("staff_incident_create"), incident_data())
    incident = ConflictIncident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_incident_detail", args=[incident.pk])
    assert incident.state == State.DRAFT
    assert incident.people_displaced is None
    assert incident.history.get().history_user == operator


def test_operator_cannot_enter_an_incident_outside_their_regions(client, operator):
    client.force_login(operator)
    data = incident_data(
        province="14", regency="14.06", district="14.06.03", village=ROKAN_HULU_VILLAGE
    )
    response = client.post(reverse("staff_incident_create"), data)
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    assert not ConflictIncident.objects.exists()


def test_a_future_date_is_refused_by_the_form(client, operator):
    client.force_login(operator)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("staff_incident_create"), incident_data(occurred_on=tomorrow))
    assert "occurred_on" in response.context["form"].errors
    assert not ConflictIncident.objects.exists()


def test_verifier_cannot_enter_incidents(client):
    client.force_login(staff_user("verifier", province="13"))
    assert client.post(reverse("staff_incident_create"), incident_data()).status_code == 403
    assert not ConflictIncident.objects.exists()


def test_staff_detail_shows_the_description(client, operator):
    incident = ConflictIncidentFactory(description="Cekcok di pos ronda")
    client.force_login(operator)
    response = client.get(reverse("staff_incident_detail", args=[incident.pk]))
    assert "Cekcok di pos ronda" in response.content.decode()


def test_list_filters_by_trigger(client, operator):
    ConflictIncidentFactory(source="Satu")
    ConflictIncidentFactory(source="Dua", trigger=ConflictTrigger.objects.get(code="sara-issues"))
    client.force_login(operator)
    trigger = ConflictTrigger.objects.get(code="sara-issues")
    response = client.get(reverse("staff_incident_list"), {"trigger": trigger.pk})
    assert [i.source for i in response.context["records"]] == ["Dua"]


def test_unknown_trigger_filter_is_a_message_not_an_error(client, operator):
    client.force_login(operator)
    response = client.get(reverse("staff_incident_list"), {"trigger": "999999"})
    assert response.status_code == 200


def test_list_runs_a_fixed_number_of_queries(client, operator, django_assert_max_num_queries):
    for _ in range(5):
        ConflictIncidentFactory()
    client.force_login(operator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff_incident_list")).status_code == 200


# Workflow ---------------------------------------------------------------------------


def test_incident_goes_through_the_workflow_and_appears_on_the_dashboard(client, operator):
    verifier = staff_user("verifier", province="13")
    incident = ConflictIncidentFactory()
    incident = apply_transition(incident, "submit", operator)
    client.force_login(verifier)
    dashboard = client.get(reverse("staff_dashboard"))
    assert "Conflict incident on" in dashboard.content.decode()
    review = client.get(reverse("staff_review", args=["conflictincident", incident.pk]))
    assert review.status_code == 200
    incident = apply_transition(incident, "verify", verifier)
    incident = apply_transition(incident, "publish", verifier)
    assert incident.state == State.PUBLISHED
    assert incident.published_at is not None
    history = client.get(reverse("staff_history", args=["conflictincident", incident.pk]))
    assert history.status_code == 200
    assert incident.history.count() >= 4


def test_operator_cannot_edit_a_submitted_incident(client, operator):
    incident = apply_transition(ConflictIncidentFactory(), "submit", operator)
    client.force_login(operator)
    response = client.post(
        reverse("staff_incident_edit", args=[incident.pk]), incident_data(source="Diubah")
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.source == "Laporan Bhabinkamtibmas"


# Public aggregates --------------------------------------------------------------------

SECRET = "Rahasia pertikaian keluarga Datuk"


def test_region_page_counts_published_incidents_by_trigger(client, settings):
    settings.PAGE_CACHE = False
    ConflictIncidentFactory(published=True, description=SECRET)
    ConflictIncidentFactory(published=True, description=SECRET)
    ConflictIncidentFactory(description=SECRET)  # a draft: not counted
    response = client.get(reverse("region_detail", args=["13.72"]))
    counts = [(trigger.code, count) for trigger, count in response.context["incident_counts"]]
    assert counts == [("land-dispute", 2)]
    assert "Conflict incidents by trigger" in response.content.decode()
    province = client.get(reverse("region_detail", args=["13"]))
    assert [count for _, count in province.context["incident_counts"]] == [2]


def test_region_page_without_published_incidents_has_no_table(client):
    ConflictIncidentFactory()
    page = client.get(reverse("region_detail", args=["13.72"])).content.decode()
    assert 'id="incident-counts"' not in page


def test_no_incident_description_appears_on_any_public_page_or_api(client):
    incident = ConflictIncidentFactory(published=True, description=SECRET, source=SECRET)
    urls = [
        reverse("home"),
        reverse("region_detail", args=["13.72"]),
        reverse("region_detail", args=["13"]),
        reverse("conflict_targeting"),
        reverse("conflict_targeting") + "?years=10",
        reverse("api-incident-counts"),
        reverse("api-incident-counts") + "?province=13",
        reverse("search") + "?q=Rahasia",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert "Datuk" not in response.content.decode(), url
    staff_url = reverse("staff_incident_detail", args=[incident.pk])
    assert client.get(staff_url).status_code == 302  # to the login page


def test_api_counts_published_incidents_by_regency_and_trigger(client):
    ConflictIncidentFactory(published=True)
    ConflictIncidentFactory(published=True)
    ConflictIncidentFactory()  # a draft
    ConflictIncidentFactory(
        published=True,
        village=Village.objects.get(code=ROKAN_HULU_VILLAGE),
        trigger=ConflictTrigger.objects.get(code="sara-issues"),
    )
    rows = client.get(reverse("api-incident-counts")).json()
    assert [(r["regency"], r["trigger"], r["incidents"]) for r in rows] == [
        ("13.72", "land-dispute", 2),
        ("14.06", "sara-issues", 1),
    ]
    assert set(rows[0]) == {
        "regency",
        "regency_name",
        "province",
        "trigger",
        "trigger_name",
        "incidents",
    }
    only_riau = client.get(reverse("api-incident-counts"), {"province": "14"}).json()
    assert [r["regency"] for r in only_riau] == ["14.06"]


def test_api_refuses_years_outside_one_to_ten(client):
    assert client.get(reverse("api-incident-counts"), {"years": "11"}).status_code == 400
    assert client.get(reverse("api-incident-counts"), {"years": "2"}).status_code == 200
