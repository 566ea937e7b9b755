import pytest
from django.core.management import call_command

from forums.models import District, Province, Regency, Village
from forums.regions_loader import load_regions


@pytest.mark.django_db
def test_slice_has_seed_places_with_their_parents():
    village = Village.objects.with_path().get(code="14.06.03.2013")
    assert village.name == "Babussalam"
    assert village.kind == Village.Kind.DESA
    assert village.district.name == "Rambah"
    assert village.district.regency.name == "Kabupaten Rokan Hulu"
    assert village.district.regency.province.name == "Riau"

    tanah_garam = Village.objects.with_path().get(code="13.72.01.1001")
    assert tanah_garam.kind == Village.Kind.KELURAHAN
    assert tanah_garam.full_path == (
        "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat"
    )


@pytest.mark.django_db
def test_regency_kind_follows_its_name():
    assert Regency.objects.get(code="35.13").kind == Regency.Kind.KABUPATEN
    assert Regency.objects.get(code="35.74").kind == Regency.Kind.KOTA
    assert Regency.objects.get(code="74.72").name == "Kota Bau Bau"


@pytest.mark.django_db
def test_second_run_changes_nothing():
    result = load_regions(regency_codes=["13.72"])
    assert not result.changed
    assert all(level.created == 0 and level.updated == 0 for level in result.levels.values())


@pytest.mark.django_db
def test_renamed_region_is_corrected_on_next_run():
    Village.objects.filter(code="13.72.01.1001").update(name="Wrong", search_name="wrong")
    result = load_regions(regency_codes=["13.72"])
    assert result.levels[Village].updated == 1
    village = Village.objects.get(code="13.72.01.1001")
    assert village.name == "Tanah Garam"
    assert village.search_name == "tanahgaram"


@pytest.mark.django_db
def test_command_says_when_nothing_changed(capsys):
    call_command("load_regions", "--regency", "13.72", verbosity=0)
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["baubau", "Bau-Bau", "KOTA BAU BAU", "bau bau"])
def test_name_search_ignores_spaces_hyphens_and_case(query):
    assert list(Regency.objects.search(query).values_list("code", flat=True)) == ["74.72"]


@pytest.mark.django_db
def test_empty_search_finds_nothing():
    assert not Village.objects.search(" - ").exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_full_load_matches_the_regulation_totals():
    load_regions()
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Regency.objects.filter(kind=Regency.Kind.KABUPATEN).count() == 416
    assert Regency.objects.filter(kind=Regency.Kind.KOTA).count() == 98
    assert District.objects.count() == 7285
    assert Village.objects.count() == 83762
    assert Village.objects.filter(kind=Village.Kind.KELURAHAN).count() == 8496
    assert Village.objects.filter(kind=Village.Kind.DESA).count() == 75266
    # The issue expected 12; the regulation data has 8 named exactly so, 10 containing it.
    assert Village.objects.filter(name="Babussalam").count() == 8
    assert Village.objects.search("babussalam").count() == 10
    babussalam = Village.objects.with_path().get(code="14.06.03.2013")
    assert babussalam.full_path == "Desa Babussalam, Kec. Rambah, Kabupaten Rokan Hulu, Riau"
    assert Village.objects.get(code="13.72.01.1001").name == "Tanah Garam"
    assert Regency.objects.get(code="74.72").name == "Kota Bau Bau"
    assert Regency.objects.get(code="35.13").name == "Kabupaten Probolinggo"
    assert Regency.objects.get(code="35.74").name == "Kota Probolinggo"
    assert not load_regions().changed
