"""Province → regency → district → village choices, limited to the user's scope.

The pickers load their options from the open-data API's region lookups
(``format=options``, ``scope=mine``), the same endpoints the public reads as JSON."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.demo.accounts import ensure_accounts
from forums.models import Forum
from forums.staff.forms import ForumForm
from forums.staff.regions import scoped_regency_field

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    return ensure_accounts()


ENDPOINTS = {
    "staff_region_regencies": "api-regency-list",
    "staff_region_districts": "api-district-list",
    "staff_region_villages": "api-village-list",
}
PICKER = {"scope": "mine", "format": "options", "page_size": "200"}


def options(client, name, **params):
    response = client.get(reverse(ENDPOINTS[name]), {**PICKER, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_regencies_of_a_province_within_scope(client, accounts):
    client.force_login(accounts["operator.solok"])
    page = options(client, "staff_region_regencies", province="13")
    assert '<option value="13.72">Kota Solok</option>' in page
    assert "13.71" not in page  # Kota Bukittinggi: same province, not this operator's
    assert "Kota Solok" not in options(client, "staff_region_regencies", province="14")

    client.force_login(accounts["verifikator.sumbar"])
    page = options(client, "staff_region_regencies", province="13")
    assert "13.72" in page and "13.71" in page
    assert "<option" in options(client, "staff_region_regencies", province="14")
    assert "14.06" not in options(client, "staff_region_regencies", province="14")


def test_districts_of_a_regency_within_scope(client, accounts):
    client.force_login(accounts["operator.solok"])
    page = options(client, "staff_region_districts", regency="13.72")
    assert '<option value="13.72.01">Lubuk Sikarah</option>' in page
    assert "74.72" not in options(client, "staff_region_districts", regency="74.72")
    assert 'value="74.72.01"' not in options(client, "staff_region_districts", regency="74.72")


def test_villages_follow_the_district_and_show_kind_and_name(client, accounts):
    client.force_login(accounts["operator.solok"])
    # A district select set back to "Choose" sends district=: refused, nothing is swapped in.
    assert client.get(reverse("api-village-list"), {**PICKER, "district": ""}).status_code == 400
    page = options(client, "staff_region_villages", district="13.72.01")
    assert '<option value="13.72.01.1001">Kelurahan Tanah Garam</option>' in page
    assert 'value="74.72.01.1007"' not in options(
        client, "staff_region_villages", district="74.72.01"
    )


def test_choosing_a_province_clears_the_lower_selects(client, accounts):
    client.force_login(accounts["admin"])
    page = options(client, "staff_region_regencies", province="13")
    assert 'id="id_district" data-hx-swap-oob="innerHTML"' in page
    assert 'id="id_village" data-hx-swap-oob="innerHTML"' in page


def test_form_lists_only_the_chosen_district_villages(accounts):
    form = ForumForm(user=accounts["admin"])
    assert list(form.fields["village"].widget.choices)[1:] == []
    forum = Forum(village_id="13.72.01.1001")
    form = ForumForm(instance=forum, user=accounts["admin"])
    assert form.initial["district"] == "13.72.01"
    assert form.initial["province"] == "13"
    village_values = [value for value, _label in form.fields["village"].widget.choices]
    assert "13.72.01.1001" in village_values
    assert all(str(v).startswith("13.72.01.") for v in village_values[1:])
    assert len(village_values) < 20


def test_operator_form_starts_in_their_only_regency(accounts):
    form = ForumForm(user=accounts["operator.solok"])
    assert (form.initial["province"], form.initial["regency"]) == ("13", "13.72")
    districts = [value for value, _label in form.fields["district"].widget.choices]
    assert districts == ["", "13.72.01", "13.72.02"]
    html = str(form["province"])
    picker_url = f"{reverse('api-regency-list')}?scope=mine&amp;format=options&amp;page_size=200"
    assert f'data-hx-get="{picker_url}"' in html
    assert 'data-hx-target="#id_regency"' in html


def test_scoped_regency_field(accounts):
    field = scoped_regency_field(accounts["verifikator.sumbar"])
    assert {r.pk for r in field.queryset} == {"13.71", "13.72"}
    assert field.clean("13.72").pk == "13.72"
    with pytest.raises(ValidationError) as refused:
        field.clean("74.72")
    assert refused.value.code == "invalid_choice"


def test_the_same_lookup_answers_json_for_the_public(client):
    response = client.get(reverse("api-regency-list"), {"province": "13"})
    codes = [row["code"] for row in response.json()["results"]]
    assert "13.72" in codes and "13.71" in codes
