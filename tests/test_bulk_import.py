"""Bulk import of activities and funding lines: reading, checking, commit, undo, hostile files."""

import datetime
import io
import zipfile

import pytest
from django.utils import translation

from activities.importing import services
from activities.importing.checking import describe
from activities.importing.reading import Refused, open_table
from activities.importing.values import parse_date
from activities.models import Activity, FundingLine, ImportBatch
from forums.models import State, Village

from .factories import ActivityFactory, ForumFactory, FundingLineFactory, staff_user
from .imports import HEADERS, csv_bytes, row, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"], username="operator.uji")


@pytest.fixture
def forum():
    return ForumFactory()


def checked(user, data, name="kegiatan.xlsx"):
    return services.upload(user=user, file=upload(data, name))


def imported(user, data, name="kegiatan.xlsx"):
    batch = checked(user, data, name)
    assert batch.can_commit, (batch.summary, batch.errors)
    return services.commit(batch)


def messages(batch):
    return [describe(*error) for error in batch.errors] + batch.summary.get("problems", [])


# Reading values --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(2018, 10, 22),
        43395,
        43395.0,
        "43395",
        "22/10/2018",
        "22-10-2018",
        "22 Oktober 2018",
        "22 October 2018",
        "2018-10-22",
    ],
)
def test_dates_are_read_from_cells_serials_and_both_ways_of_writing(value):
    assert parse_date(value) == datetime.date(2018, 10, 22)


def test_a_date_that_does_not_exist_is_left_for_the_form_to_refuse():
    assert parse_date("31/02/2018") == "31/02/2018"


@pytest.mark.parametrize("budget", ["Rp 150.000.000", "150.000.000", 150000000, 150000000.0])
def test_money_is_read_as_people_write_it(operator, forum, budget):
    imported(operator, workbook([row(forum, **{"Budget (Rp)": budget})]))
    assert FundingLine.objects.get().budget == 150_000_000


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(",", "utf-8", False), (";", "utf-8", True), (";", "cp1252", False), (",", "utf-8", True)],
)
def test_csv_with_comma_or_semicolon_in_utf8_or_windows_1252(
    operator, forum, delimiter, encoding, bom
):
    data = csv_bytes(
        [row(forum, Title="Balai warga Sélatan")], delimiter=delimiter, encoding=encoding, bom=bom
    )
    imported(operator, data, "kegiatan.csv")
    activity = Activity.objects.get()
    assert activity.title == "Balai warga Sélatan"
    assert activity.planned_start == datetime.date(2018, 10, 22)


def test_indonesian_headers_are_recognised(operator, forum):
    with translation.override("id"):
        headers = [str(translation.gettext(header)) for header in HEADERS]
        values = dict(zip(headers, row(forum).values(), strict=True))
        batch = checked(operator, workbook([values], headers=headers))
    assert batch.can_commit, messages(batch)


# Checking: errors by row and column, nothing written ----------------------------------


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(operator, forum):
    rows = [
        row(forum, "A-1"),
        row(forum, "A-2", **{"Budget (Rp)": "seratus"}),
        row(forum, "A-3", **{"Planned start": "kemarin", "Budget year": 1990}),
        row(forum, "A-4", **{"Activity type": "Kapal"}),
        row(forum, "A-5", **{"Funding source": "Bank"}),
        row(forum, "A-6", Title=""),
        row(forum, "A-7", **{"Spending (Rp)": "200.000.000"}),
    ]
    batch = checked(operator, workbook(rows))
    assert batch.status == ImportBatch.Status.CHECKED and not batch.can_commit
    found = messages(batch)
    assert (
        "Row 3, column Budget (Rp): Write the amount in whole rupiah, for example 150.000.000."
        in found
    )
    assert "Row 4, column Planned start: Enter a valid date." in found
    assert any(
        m.startswith("Row 4, column Budget year: Ensure this value is greater") for m in found
    )
    assert any(m.startswith("Row 5, column Activity type: Select a valid choice") for m in found)
    assert any(m.startswith("Row 6, column Funding source: Select a valid choice") for m in found)
    assert "Row 7, column Title: This field is required." in found
    assert "Row 8, column Spending (Rp): Spending cannot be more than the budget." in found
    assert batch.error_count == 7
    assert not Activity.objects.exists() and not FundingLine.objects.exists()


def test_the_model_rules_apply_as_on_the_web_form(operator, forum):
    headers = [*HEADERS, "Planned volume", "Planned end"]
    batch = checked(
        operator,
        workbook([row(forum, **{"Planned volume": 200, "Planned end": "01/01/2018"})], headers),
    )
    found = messages(batch)
    assert "Row 2, column Planned end: The planned end cannot be before the planned start." in found
    assert any(m.startswith("Row 2, column Unit: Give the unit") for m in found)


def test_a_forum_outside_the_users_scope_is_an_error_on_its_row(operator, forum):
    baubau = ForumFactory(village=Village.objects.get(code="74.72.01.1007"))
    batch = checked(operator, workbook([row(forum, "A-1"), row(baubau, "B-1")]))
    assert messages(batch) == [
        "Row 3, column Forum: That choice is not available: it is not in your regions or "
        "no longer exists."
    ]


def test_missing_columns_are_named(operator):
    batch = checked(operator, workbook([], headers=["Reference", "Title"]))
    assert not batch.can_commit
    assert batch.summary["problems"] == [
        "Columns missing: Forum, Activity type, Funding source, Budget year, Budget (Rp). "
        "Start from the template."
    ]


def test_rows_of_one_activity_must_agree(operator, forum):
    batch = checked(operator, workbook([row(forum), row(forum, Title="Lain")]))
    assert messages(batch) == ["Row 3, column Title: differs from row 2 of the same activity."]


# Commit -----------------------------------------------------------------------------


def test_commit_creates_drafts_with_their_lines_and_a_history_reason(operator, forum):
    rows = [row(forum, "A-1"), row(forum, "A-1", **{"Funding source": "apbd-province"})]
    rows.append(row(forum, "A-2", **{"Activity type": "Dialog tematik"}))
    batch = imported(
        operator,
        workbook(
            rows,
        ),
        "Data Solok 2018.xlsx",
    )
    assert batch.status == ImportBatch.Status.COMMITTED and batch.row_count == 3
    assert len(batch.checksum) == 64 and not batch.file
    activities = Activity.objects.order_by("import_reference")
    assert [a.import_reference for a in activities] == ["A-1", "A-2"]
    assert {a.state for a in activities} == {State.DRAFT}
    assert set(batch.created.all()) == set(activities)
    assert activities[0].funding_lines.count() == 2
    reason = "imported from Data Solok 2018.xlsx by operator.uji"
    assert activities[0].history.get().history_change_reason == reason
    assert activities[0].history.get().history_user == operator
    assert {h.history_change_reason for h in FundingLine.history.all()} == {reason}


def test_commit_is_all_or_nothing(operator, forum, monkeypatch):
    batch = checked(operator, workbook([row(forum, "A-1"), row(forum, "A-2")]))
    # Between preview and commit the second row's type stops being offered.
    from activities.importing import checking

    original = checking.check_group

    def failing(group, user, errors):
        result = original(group, user, errors)
        if group.reference == "A-2":
            errors.add(group.rows[0].number, "title", "broken")
        return result

    monkeypatch.setattr(checking, "check_group", failing)
    batch = services.commit(batch)
    assert batch.status == ImportBatch.Status.CHECKED
    assert messages(batch) == ["Row 3, column Title: broken"]
    assert not Activity.objects.exists() and not FundingLine.objects.exists()


def test_reimporting_the_same_file_changes_nothing(operator, forum):
    data = workbook([row(forum, "A-1"), row(forum, "A-1", **{"Funding source": "APBD provinsi"})])
    imported(operator, data)
    history = Activity.history.count(), FundingLine.history.count()
    batch = checked(operator, data)
    assert batch.summary["unchanged"] == 1 and batch.summary["create"] == 0
    services.commit(batch)
    assert Activity.objects.count() == 1 and FundingLine.objects.count() == 2
    assert (Activity.history.count(), FundingLine.history.count()) == history


def test_reimporting_with_a_reference_updates_instead_of_duplicating(operator, forum):
    imported(operator, workbook([row(forum, "A-1")]))
    batch = imported(operator, workbook([row(forum, "A-1", **{"Budget (Rp)": 175_000_000})]))
    assert batch.summary["update"] == 1
    assert FundingLine.objects.get().budget == 175_000_000
    assert Activity.objects.count() == 1


def test_a_submitted_activity_is_not_changed_by_an_import(operator, forum):
    imported(operator, workbook([row(forum, "A-1")]))
    Activity.objects.update(state=State.SUBMITTED)
    batch = checked(operator, workbook([row(forum, "A-1", Title="Baru")]))
    assert messages(batch) == [
        "Row 2, column Reference: this activity was sent for verification or published; it "
        "can only be changed after it is returned."
    ]


# Undo -------------------------------------------------------------------------------


def test_a_batch_is_undone_while_its_records_are_drafts(operator, forum):
    batch = imported(operator, workbook([row(forum, "A-1"), row(forum, "A-2")]))
    assert services.can_undo(batch)
    services.undo(batch, operator)
    assert not Activity.objects.exists() and not FundingLine.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.UNDONE


def test_a_batch_is_not_undone_once_a_record_was_submitted(operator, forum):
    from django.core.exceptions import ValidationError

    batch = imported(operator, workbook([row(forum, "A-1"), row(forum, "A-2")]))
    Activity.objects.filter(import_reference="A-2").update(state=State.SUBMITTED)
    assert not services.can_undo(batch)
    with pytest.raises(ValidationError):
        services.undo(batch, operator)
    assert Activity.objects.count() == 2


# Round trip of the funding export --------------------------------------------------


def test_the_funding_export_comes_back_unchanged(operator, forum, client):
    activity = ActivityFactory(forum=forum, volume=200, unit="m", executor="TPK")
    FundingLineFactory(activity=activity, budget=150_000_000, spending=35_000_000, purpose="Fisik")
    FundingLineFactory(activity=activity, budget_year=2019, budget=20_000_000)
    client.force_login(operator)
    client.cookies["django_language"] = "en"
    response = client.get("/reports/funding.xlsx")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    history = Activity.history.count(), FundingLine.history.count()
    batch = checked(operator, data, "pendanaan.xlsx")
    assert batch.can_commit, messages(batch)
    assert batch.summary["unchanged"] == 1 and batch.row_count == 2
    services.commit(batch)
    assert (Activity.history.count(), FundingLine.history.count()) == history


def test_the_funding_export_filled_in_updates_by_activity_id(operator, forum, client):
    from openpyxl import load_workbook

    activity = ActivityFactory(forum=forum)
    FundingLineFactory(activity=activity, budget=150_000_000)
    client.force_login(operator)
    client.cookies["django_language"] = "en"
    response = client.get("/reports/funding.xlsx")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(2, headers.index("Spending (Rp)") + 1, 90_000_000)
    out = io.BytesIO()
    book.save(out)
    batch = imported(operator, out.getvalue(), "pendanaan.xlsx")
    assert batch.summary["update"] == 1
    assert FundingLine.objects.get().spending == 90_000_000


# Hostile files ------------------------------------------------------------------------


def test_a_formula_is_taken_as_its_saved_value_never_as_a_formula(operator, forum, tmp_path):
    # openpyxl writes formulas without their values: put in the one Excel would have saved.
    data = _with_formula(workbook([row(forum, **{"Budget (Rp)": 150_000_000})]))
    batch = checked(operator, data)
    assert batch.can_commit, messages(batch)
    services.commit(batch)
    assert FundingLine.objects.get().budget == 150_000_000


def _with_formula(data):
    """The workbook with its budget cell (H2) made a formula with a saved value."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index('<c r="H2"')
                end = text.index("</c>", start) + 4
                text = (
                    text[:start]
                    + '<c r="H2"><f>100000000+50000000</f><v>150000000</v></c>'
                    + text[end:]
                )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def test_text_that_is_a_formula_is_refused(operator, forum):
    batch = checked(operator, csv_bytes([row(forum, Title='=HYPERLINK("x")')]), "k.csv")
    assert messages(batch) == [
        "Row 2, column Title: this looks like a formula; enter the value itself."
    ]


@pytest.mark.parametrize("name", ["kegiatan.xlsm", "kegiatan.xls", "kegiatan.ods"])
def test_macro_and_old_workbooks_are_refused_with_a_message(operator, forum, name):
    with pytest.raises(Refused) as refused:
        checked(operator, workbook([row(forum)]), name)
    assert ".xlsx" in refused.value.message
    assert not ImportBatch.objects.exists()


def test_an_old_workbook_renamed_xlsx_is_refused(operator):
    batch = checked(operator, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert batch.summary["problems"][0].startswith("The old Excel format (.xls)")


def test_a_workbook_with_macros_renamed_xlsx_is_refused(operator, forum):
    source = zipfile.ZipFile(io.BytesIO(workbook([row(forum)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/vbaProject.bin", b"macro")
    batch = checked(operator, out.getvalue())
    assert batch.summary["problems"][0].startswith("Files with macros (.xlsm)")


def test_a_zip_bomb_is_refused_before_it_is_parsed(operator, settings):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (settings.IMPORT_MAX_UNCOMPRESSED + 1))
    assert len(out.getvalue()) < 1_000_000
    batch = checked(operator, out.getvalue())
    assert batch.summary["problems"][0].startswith("The workbook unpacks to more than")


def test_a_damaged_workbook_is_refused_with_a_message(operator):
    batch = checked(operator, b"PK\x03\x04 not really a zip")
    assert batch.summary["problems"] == [
        "The file is damaged: it cannot be read as an Excel workbook."
    ]


def test_too_many_rows_are_refused(operator, forum, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [row(forum, f"A-{n}") for n in range(4)]
    for data, name in [(workbook(rows), "k.xlsx"), (csv_bytes(rows), "k.csv")]:
        batch = checked(operator, data, name)
        assert batch.summary["problems"] == [
            "The file has more than 3 rows. Split it into smaller files."
        ]
    assert not Activity.objects.exists()


def test_too_big_a_file_is_refused_before_it_is_kept(operator, settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(Refused):
        checked(operator, b"x" * 101, "k.csv")
    assert not ImportBatch.objects.exists()


def test_too_many_sheets_are_refused(operator, forum, settings):
    settings.IMPORT_MAX_SHEETS = 2

    def more_sheets(book, sheet):
        for number in range(3):
            book.create_sheet(f"Lain {number}")

    batch = checked(operator, workbook([row(forum)], prepare=more_sheets))
    assert batch.summary["problems"][0].startswith("The workbook has more than 2 sheets")


def test_merged_cells_take_the_merged_value(operator, forum):
    rows = [row(forum, "A-1"), row(forum, None, Title=None, **{"Funding source": "APBD provinsi"})]

    def merge(book, sheet):
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("D2:D3")

    batch = imported(operator, workbook(rows, prepare=merge))
    assert batch.summary["create"] == 1
    assert Activity.objects.get().funding_lines.count() == 2


def test_blank_rows_trailing_spaces_numbers_as_text_and_date_serials(operator, forum):
    rows = [
        row(
            forum,
            "A-1 ",
            Title="  Balai warga  ",
            **{"Budget year": "2018", "Planned start": 43395},
        ),
        {},
        row(forum, "A-2", **{"Budget (Rp)": "150000000", "Forum": f" {forum.pk} "}),
    ]
    batch = imported(operator, workbook(rows))
    assert batch.row_count == 2
    first = Activity.objects.get(import_reference="A-1")
    assert first.title == "Balai warga" and first.planned_start == datetime.date(2018, 10, 22)


def test_an_excel_error_value_is_named(operator, forum):
    batch = checked(operator, workbook([row(forum, **{"Budget (Rp)": "#DIV/0!"})]))
    assert messages(batch) == [
        "Row 2, column Budget (Rp): the cell shows the error #DIV/0! of a formula; enter the "
        "value itself."
    ]


def test_open_table_reads_a_csv_stream(forum):
    table = open_table(io.BytesIO(csv_bytes([row(forum)], delimiter=";")), "k.csv")
    assert table.headers == HEADERS


def test_undoing_a_batch_puts_back_what_it_changed_and_deletes_what_it_added(operator, forum):
    imported(operator, workbook([row(forum, "A-1")]))
    original = Activity.objects.get()
    first_line = original.funding_lines.get()
    changed = imported(
        operator,
        workbook(
            [
                row(forum, "A-1", Title="Judul Baru", **{"Budget (Rp)": 175_000_000}),
                row(forum, "A-1", Title="Judul Baru", **{"Budget year": 2020}),
                row(forum, "A-3"),
            ]
        ),
    )
    assert changed.summary["update"] == 1 and changed.summary["create"] == 1
    assert FundingLine.objects.filter(activity=original).count() == 2

    assert services.can_undo(changed)
    services.undo(changed, operator)

    original.refresh_from_db()
    assert original.title == "Balai warga A-1"
    assert list(original.funding_lines.values_list("pk", "budget")) == [
        (first_line.pk, first_line.budget)
    ]
    assert not Activity.objects.filter(import_reference="A-3").exists()
    assert original.history.first().history_change_reason == f"undo of import {changed.pk}"


def test_a_batch_is_not_undone_once_a_changed_record_was_edited_again(operator, forum):
    from django.core.exceptions import ValidationError

    imported(operator, workbook([row(forum, "A-1")]))
    batch = imported(operator, workbook([row(forum, "A-1", Title="Judul Baru")]))
    activity = Activity.objects.get()
    activity.title = "Disunting lagi"
    activity._change_reason = ""
    activity.save()

    assert not services.can_undo(batch)
    with pytest.raises(ValidationError):
        services.undo(batch, operator)
    activity.refresh_from_db()
    assert activity.title == "Disunting lagi"
