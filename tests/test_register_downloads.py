"""The activity register's own CSV and XLSX: one row per activity with its budget per
funding source (a column for each source the slice uses), names beside codes, a totals
row; the same slice, refusals and public/staff rules as the register page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import FundingSource
from tests.factories import ActivityFactory, ForumFactory, FundingLineFactory

pytestmark = pytest.mark.django_db

CSV_URL = reverse("activity_register_csv")
XLSX_URL = reverse("activity_register_xlsx")


@pytest.fixture
def solok_register():
    forum = ForumFactory(published=True, name="FKS Payo")
    hall = ActivityFactory(
        forum=forum, published=True, title="Gedung Serbaguna Payo", executor="=TPK Payo"
    )
    FundingLineFactory(activity=hall, budget=110_000_000, spending=110_000_000)
    FundingLineFactory(
        activity=hall,
        source=FundingSource.objects.get(code="apbd-regency"),
        budget=40_000_000,
        spending=30_000_000,
    )
    dialogue = ActivityFactory(forum=forum, published=True, title="Dialog Tematik Payo")
    FundingLineFactory(activity=dialogue, budget=35_000_000, spending=35_000_000)
    FundingLineFactory(activity=ActivityFactory(forum=forum, title="Kegiatan Draf"), budget=1)
    return forum


def read_csv(response, delimiter=","):
    text = (
        b"".join(response).decode("utf-8-sig")
        if response.streaming
        else response.content.decode("utf-8-sig")
    )
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_register_csv_has_a_row_per_public_activity_and_a_totals_row(client, solok_register):
    response = client.get(CSV_URL, {"province": "13", "regency": "13.72"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *rows, totals = read_csv(response)
    assert [row[header.index("Kegiatan")] for row in rows] == [
        "Dialog Tematik Payo",
        "Gedung Serbaguna Payo",
    ]
    # A column per source used here, and none for the others.
    budget_columns = [name for name in header if name.startswith("Anggaran ") and "(Rp)" in name]
    assert budget_columns == ["Anggaran APBN (Rp)", "Anggaran APBD kabupaten/kota (Rp)"]
    hall = rows[1]
    assert hall[header.index("Anggaran APBN (Rp)")] == "110000000"
    assert hall[header.index("Anggaran APBD kabupaten/kota (Rp)")] == "40000000"
    assert hall[header.index("Sisa anggaran (Rp)")] == "10000000"
    # Names beside codes, and text that a spreadsheet would run is defused.
    assert hall[header.index("Kabupaten/kota")] == "Kota Solok"
    assert hall[header.index("Kode kabupaten/kota")] == "13.72"
    assert hall[header.index("Pelaksana")] == "'=TPK Payo"
    assert totals[0] == "Jumlah"
    assert totals[header.index("Jumlah anggaran (Rp)")] == "185000000"
    assert "Kegiatan Draf" not in str(rows)


def test_register_csv_for_excel_in_indonesian_uses_semicolons(client, solok_register):
    response = client.get(CSV_URL, {"regency": "13.72", "delimiter": "semicolon"})

    rows = read_csv(response, delimiter=";")
    assert len(rows) == 4 and len(rows[0]) > 20


def test_register_xlsx_holds_the_same_rows_with_rupiah_amounts(client, solok_register):
    response = client.get(XLSX_URL, {"regency": "13.72"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    header, *rows, totals = values
    assert [row[header.index("Kegiatan")] for row in rows] == [
        "Dialog Tematik Payo",
        "Gedung Serbaguna Payo",
    ]
    budget = header.index("Jumlah anggaran (Rp)")
    assert rows[1][budget] == 150_000_000
    assert totals[budget] == 185_000_000
    assert sheet.cell(row=5, column=budget + 1).number_format == '"Rp" #,##0'
    assert "Register Kegiatan Kota Solok" in sheet["A1"].value


def test_register_downloads_refuse_an_invalid_filter_instead_of_everything(client, solok_register):
    for url in (CSV_URL, XLSX_URL):
        response = client.get(url, {"year": "abc"})
        assert response.status_code == 400
        assert b"Gedung Serbaguna Payo" not in response.content


def test_the_register_page_links_its_csv_and_xlsx(client, solok_register):
    page = client.get(reverse("activity_register"), {"regency": "13.72"}).content.decode()

    assert f'href="{CSV_URL}?regency=13.72"' in page
    assert f'href="{CSV_URL}?regency=13.72&amp;delimiter=semicolon"' in page
    assert f'href="{XLSX_URL}?regency=13.72"' in page
