"""CSV and XLSX downloads show typed text as text: no cell becomes a formula (CSV injection)."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from activities.models import ActivityType, FundingSource
from forums.models import State
from reports.exports import (
    FORMULA_STARTS,
    MONEY_COLUMNS,
    csv_chunks,
    spreadsheet_text,
    write_xlsx,
)
from reports.selectors import funding_slice, funding_summary, funding_totals

from .factories import ForumFactory, FundingLineFactory, UserFactory
from .funding_data import csv_rows, funded_activity, workflow, xlsx_workbook

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
DANGEROUS = [HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
BUDGET = MONEY_COLUMNS[0]
# What an activity achieved, with text as hostile as the titles, volumes with and without
# decimals, and a count nobody made (the export columns after the amounts).
ACHIEVED = {
    "executor": '=TPK <Desa> & "Babussalam"',
    "volume": Decimal("200.00"),
    "achieved_volume": Decimal("12.50"),
    "unit": "m",
    "beneficiaries_male": 0,
    "remarks": "-Sisa\tdua\r\nbaris _x0041_",
}


@pytest.fixture
def hostile_programme():
    """Published forums, activities, purposes and reference names that look like formulas."""
    forum = ForumFactory(name=HYPERLINK, village_id="13.72.01.1001", **workflow(State.PUBLISHED))
    activities = []
    for title, purpose in [("+1", "-2+3"), ("@SUM(A1)", "\tx"), ("\rx", HYPERLINK)]:
        activity = funded_activity([], forum=forum, title=title)
        FundingLineFactory(activity=activity, purpose=purpose, budget=1_000_000, spending=250_000)
        activities.append(activity)
    # Administrators name the funding sources and activity types the summary sheet lists.
    FundingSource.objects.filter(code="apbn").update(name="@SUM(A1)", name_en="@SUM(A1)")
    ActivityType.objects.filter(code="multipurpose-hall").update(name="-2+3", name_en="-2+3")
    return activities


def cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(workbook):
    every_cell = cells(workbook)
    formula_cells = [cell.coordinate for cell in every_cell if cell.data_type == "f"]
    assert formula_cells == []  # formula cells 0
    texts = [cell.value for cell in every_cell if isinstance(cell.value, str)]
    assert_neutralised(texts)
    assert all(cell.data_type == "s" for cell in every_cell if isinstance(cell.value, str))


def assert_neutralised(texts):
    assert [text for text in texts if text.startswith(FORMULA_STARTS)] == []
    # An XML parser reads a carriage return as a line feed; XlsxWriter writes one as the
    # OOXML escape _x000D_, which Excel reads as the character and openpyxl leaves as is.
    found = {text.replace("\n", "\r").replace("_x000D_", "\r") for text in texts}
    for value in DANGEROUS:
        assert f"'{value}" in found


def test_csv_prefixes_every_formula_like_text_with_an_apostrophe(client, hostile_programme):
    rows = csv_rows(client.get(reverse("funding_csv")))

    assert_neutralised([value for row in rows for value in row])
    assert [row[BUDGET] for row in rows[1:]] == ["1000000"] * 3 + ["3000000"]


def test_xlsx_has_no_formula_cell_in_either_sheet(client, hostile_programme):
    workbook = xlsx_workbook(client.get(reverse("funding_xlsx")))

    assert_no_formula(workbook)
    summary = [
        cell.value for cell in cells(workbook) if cell.parent.title != workbook.sheetnames[0]
    ]
    assert "'@SUM(A1)" in summary and "'-2+3" in summary
    lines = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [line[BUDGET] for line in lines] == [1_000_000] * 3 + [3_000_000]


def test_xlsx_of_the_admin_action_has_no_formula_cell(client, hostile_programme):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        reverse("admin:activities_activity_changelist"),
        {
            "action": "export_funding_xlsx",
            "_selected_action": [activity.pk for activity in hostile_programme],
        },
    )

    assert_no_formula(xlsx_workbook(response))


def test_xlsx_leaves_out_control_characters_instead_of_failing(client):
    funded_activity(title="Gedung\x1b serbaguna\x0b")

    response = client.get(reverse("funding_xlsx"))

    assert response.status_code == 200
    titles = [row[10] for row in xlsx_workbook(response).worksheets[0].iter_rows(values_only=True)]
    assert "Gedung serbaguna" in titles


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("\x01=1+1", "'=1+1"),  # a control character cannot hide a formula
        ("Gedung serbaguna", "Gedung serbaguna"),
        ("Rp 1.000 - 2.000", "Rp 1.000 - 2.000"),
        (-2_000_000, -2_000_000),  # a negative amount stays a number
        (2019, 2019),
        (None, None),
    ],
)
def test_spreadsheet_text_neutralises_formulas_and_keeps_numbers(value, expected):
    assert spreadsheet_text(value) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's own")
@pytest.mark.parametrize("language, delimiter", [("id", ","), ("en", ","), ("id", ";")])
def test_postgresql_copy_writes_the_lines_python_writes(hostile_programme, language, delimiter):
    # The database writes the CSV on PostgreSQL; it must clean, label and order exactly
    # as the Python writer does on every other database.
    odd = funded_activity([], title="\x01=1+1 Gedung\x1b serbaguna\x0b", **ACHIEVED)
    FundingLineFactory(activity=odd, purpose='Kata "kutip", koma\nbaris dua', budget=5)
    lines = funding_slice({}, None, public=True).lines
    totals = funding_totals(lines)

    with translation.override(language):
        copied, written = (
            b"".join(
                _bytes(chunk)
                for chunk in csv_chunks(lines, totals, by_copy=by_copy, delimiter=delimiter)
            )
            for by_copy in (True, False)
        )

    def parsed(body):
        return list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))

    assert len(parsed(copied)) == 6  # header, 4 lines, totals
    assert parsed(copied) == parsed(written)
    achieved = [row[-7:] for row in parsed(copied) if row[-7:][0]]
    assert achieved[1:] == [
        [
            '\'=TPK <Desa> & "Babussalam"',
            "200",
            "12.5",
            "m",
            "0",
            "",
            "'-Sisa\tdua\r\nbaris _x0041_",
        ]
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL's own")
@pytest.mark.parametrize("language", ["id", "en"])
def test_postgresql_writes_the_xlsx_rows_xlsxwriter_writes(hostile_programme, language):
    # On PostgreSQL the database writes the XML of the funding lines' rows; read back,
    # every cell (value, type and number format) must be what XlsxWriter writes.
    odd = funded_activity([], title="\x01=1+1 <Gedung> & \\serbaguna\x0b", **ACHIEVED)
    FundingLineFactory(activity=odd, purpose="Tab\tdan\r\nbaris dua", budget=5)
    FundingLineFactory(activity=odd, purpose="", budget=7)
    FundingLineFactory(activity=odd, purpose=" spasi _x0041_ \ufffe ", budget=9)
    lines = funding_slice({}, None, public=True).lines
    summary = funding_summary(lines)

    def sheets(by_copy):
        with translation.override(language):
            output = write_xlsx(lines, summary["totals"], summary, "Judul", by_copy=by_copy)
        with output:
            workbook = load_workbook(output)
        return [
            [[(cell.value, cell.data_type, cell.number_format) for cell in row] for row in rows]
            for rows in (sheet.iter_rows() for sheet in workbook.worksheets)
        ]

    copied, written = sheets(by_copy=True), sheets(by_copy=False)
    assert len(copied[0]) == 8  # header, 6 lines, totals
    assert copied == written
    values = [value for row in copied[0] for value, _type, _format in row]
    assert "'=1+1 <Gedung> & \\serbaguna" in values
    assert {12.5, 200, "m", '\'=TPK <Desa> & "Babussalam"'} <= set(values)


def _bytes(chunk):
    return chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
