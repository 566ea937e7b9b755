"""The bulk import, end to end, in chromium: operator.solok downloads the template, fills
it in with one bad row, uploads it and sees the row named (nothing is written), fixes it,
imports it, finds the drafts in the activity list, and undoes the batch.

Only pages and the downloaded file are used, no ORM call. What the live server saves is
committed for the session, so titles carry a per-run suffix and the batch is undone.
"""

import io
import uuid

from openpyxl import load_workbook
from playwright.sync_api import expect

from activities.importing.columns import COLUMNS

from .test_staff_workflow import OPERATOR, log_in

KEYS = [column.key for column in COLUMNS if column.in_template]  # the template's order

WORK_TYPE = "Gedung serbaguna"


def filled_template(path, forum_name, title, budget_of_second):
    with open(path, "rb") as file:  # a download is saved without a suffix
        book = load_workbook(io.BytesIO(file.read()))
    data, _instructions, lists = book.worksheets
    forum = next(
        cell.value for cell in lists["A"] if cell.value and str(cell.value).endswith(forum_name)
    )
    assert len([cell.value for cell in data[1]]) == len(KEYS)
    for number, (reference, line_title, budget) in enumerate(
        [("UJI-1", f"{title} 1", "Rp 150.000.000"), ("UJI-2", f"{title} 2", budget_of_second)], 2
    ):
        values = {
            "reference": reference,
            "forum": forum,
            "activity_type": WORK_TYPE,
            "title": line_title,
            "planned_start": "22/10/2030",
            "source": "APBN",
            "budget_year": 2030,
            "budget": budget,
        }
        for key, value in values.items():
            data.cell(number, KEYS.index(key) + 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(page, data):
    page.goto("/staff/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "kegiatan-solok.xlsx", "mimeType": "application/octet-stream", "buffer": data}
        ],
    )
    page.locator("#import-form button[type=submit]").click()


def test_operator_imports_a_template_fixes_a_bad_row_and_undoes_the_batch(page, portal):
    title = f"Balai impor {uuid.uuid4().hex[:6]}"
    log_in(page, OPERATOR)
    page.locator("#dashboard-import").click()
    with page.expect_download() as download:
        page.locator("#import-template").click()
    template = download.value.path()

    upload(page, filled_template(template, portal.demo.forum_name, title, "banyak"))
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("3")
    expect(errors).to_contain_text("Anggaran (Rp)")
    expect(page.locator("#import-commit")).to_have_count(0)
    page.goto("/staff/activities/")
    expect(page.get_by_text(title)).to_have_count(0)

    upload(page, filled_template(template, portal.demo.forum_name, title, "Rp 35.000.000"))
    expect(page.locator("#import-errors")).to_have_count(0)
    page.locator("#import-commit").click()
    expect(page.locator("#import-created li")).to_have_count(2)
    batch_url = page.url

    page.goto("/staff/activities/")
    expect(page.get_by_text(f"{title} 1")).to_be_visible()
    expect(page.get_by_text(f"{title} 2")).to_be_visible()

    page.goto(batch_url)
    page.locator("#import-undo").click()
    expect(page.locator("#import-undo")).to_have_count(0)
    page.goto("/staff/activities/")
    expect(page.get_by_text(title)).to_have_count(0)
