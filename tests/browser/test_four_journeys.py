"""The portal's users walk their journeys in chromium, as they walk them:

- a reader on a 390 px phone, from the home page to a regency's figures and their CSV;
- a provincial verifier, returning one submitted activity and verifying and publishing
  another from the dashboard's queue;
- an administrator printing a regency's register.

(The operator's journey, entering an activity through a rejected save, is in
test_operator_journey.py.)
"""

import csv
import io
import re
import uuid
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from playwright.sync_api import expect

from activities.models import Activity, ActivityType, FundingLine, FundingSource
from forums.models import Forum
from forums.services import apply_transition

from .helpers import phone_layout_problems
from .test_staff_workflow import log_in

PHONE_390 = {"width": 390, "height": 844}
SOLOK = "13.72"
SUMBAR = "13"
RETURN_REASON = "Lampirkan foto papan nama kegiatan sebelum diajukan lagi."


@dataclass
class Queue:
    to_return: str
    to_publish: str
    to_publish_pk: int


@pytest.fixture(scope="session")
def review_queue(demo, django_db_blocker):
    """Two activities of a published Kota Solok forum, submitted by its operator, each with
    a funding line; committed, so that the live server sees them waiting in the queue of
    Sumatera Barat's verifier."""
    run = uuid.uuid4().hex[:6]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo.media_root):
        operator = get_user_model().objects.get(username="operator.solok")
        forum = Forum.objects.published().filter(village__district__regency_id=SOLOK).first()
        hall = ActivityType.objects.get(code="multipurpose-hall")
        apbn = FundingSource.objects.get(code="apbn")
        titles = [f"Rehabilitasi Balai Uji {run}", f"Lapangan Olahraga Uji {run}"]
        activities = []
        for title in titles:
            activity = Activity.objects.create(forum=forum, activity_type=hall, title=title)
            FundingLine.objects.create(
                activity=activity, source=apbn, budget_year=2025, budget=80_000_000
            )
            activities.append(apply_transition(activity, "submit", operator))
        return Queue(to_return=titles[0], to_publish=titles[1], to_publish_pk=activities[1].pk)


def test_reader_on_a_phone_reaches_a_regencys_figures_and_their_csv(
    browser, portal, policy_watch, console_errors
):
    context = policy_watch.attach(browser.new_context(base_url=portal.url, viewport=PHONE_390))
    page = context.new_page()
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        page.goto("/")
        problems = phone_layout_problems(page)
        # Home → the province, from the forums-per-province table.
        page.get_by_role("link", name="Sumatera Barat", exact=True).first.click()
        expect(page).to_have_url(re.compile(rf"/regions/{SUMBAR}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sumatera Barat")
        problems += phone_layout_problems(page)
        # The province → the city, from its regencies' table.
        page.get_by_role("link", name="Kota Solok", exact=True).first.click()
        expect(page).to_have_url(re.compile(rf"/regions/{re.escape(SOLOK)}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Kota Solok")
        problems += phone_layout_problems(page)
        # The city → its funding figures.
        page.get_by_role("link", name="Angka pendanaan").click()
        expect(page).to_have_url(re.compile(r"/reports/funding/\?province=13&regency=13\.72$"))
        expect(page.locator("main")).to_contain_text("Kota Solok")
        problems += phone_layout_problems(page)
        # … and the CSV of exactly those lines, for Excel set to Indonesian.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="CSV (Excel Indonesia)").click()
        content = download_info.value.path().read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(content), delimiter=";"))
        assert len(rows) > 2, content[:500]
        header, lines = rows[0], rows[1:-1]
        regency = header.index(next(name for name in header if "Kabupaten" in name))
        assert {row[regency] for row in lines} == {"Kota Solok"}
        assert problems == []
        assert console_errors == []
    finally:
        context.close()


def test_verifier_returns_one_record_then_verifies_and_publishes_another_from_the_queue(
    page, portal, review_queue, console_errors
):
    log_in(page, "verifikator.sumbar")
    waiting = page.locator("#waiting-list")
    item = waiting.locator("li").filter(has_text=review_queue.to_return)
    # The queue item names the forum's regency and who submitted it.
    expect(item).to_contain_text("Kota Solok")
    expect(item).to_contain_text(re.compile(r"diajukan oleh .+ pada"))

    # Open the first one's review screen from the queue, read its funding, return it.
    item.get_by_role("link", name=review_queue.to_return).click()
    expect(page.locator("main")).to_contain_text("Rp 80.000.000")
    review_link = page.get_by_role("link", name="Periksa: foto, pendanaan dan perubahan")
    if review_link.count():
        review_link.first.click()
        expect(page.locator("#first-submission")).to_be_visible()
    page.get_by_label("Alasan pengembalian").fill(RETURN_REASON)
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.locator("main")).to_contain_text(RETURN_REASON)

    # Back in the queue: tick the second one and verify and publish it in one step.
    page.goto("/staff/")
    expect(page.locator("#waiting-list")).not_to_contain_text(review_queue.to_return)
    page.get_by_label(re.compile(rf"Pilih .*{re.escape(review_queue.to_publish)}")).check()
    page.get_by_role("button", name="Verifikasi dan publikasikan yang dipilih").click()
    expect(page.locator("main")).to_contain_text("1 data diverifikasi dan dipublikasikan.")

    # Anyone can read it now.
    response = page.request.get(f"/activities/{review_queue.to_publish_pk}/")
    assert response.status == 200
    assert review_queue.to_publish in response.text()
    assert console_errors == []


def test_administrator_prints_a_regencys_register(page, portal, console_errors):
    log_in(page, "admin")
    page.goto(f"/regions/{SOLOK}/")
    page.get_by_role("link", name="Cetak register").click()
    expect(page).to_have_url(re.compile(r"/reports/register/\?province=13&regency=13\.72$"))
    expect(page.locator(".register-subheading")).to_contain_text("Register Kegiatan Kota Solok")
    sheet = page.locator(".register-scroll table").first
    expect(sheet).to_be_visible()
    # Every column is in sight at 1280 px: no header reaches past the screen, and no cell's
    # text spills out of it.
    layout = page.evaluate(
        """() => {
          const table = document.querySelector(".register-table");
          const cells = [...table.querySelectorAll("th, td")];
          return {
            right: Math.max(...cells.map((cell) => cell.getBoundingClientRect().right)),
            spilt: cells.filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
              .map((cell) => cell.textContent.trim()),
          };
        }"""
    )
    assert layout["right"] <= page.viewport_size["width"], layout
    assert layout["spilt"] == [], layout
    # The printed sheet: A4 landscape with its page numbers, as the PDF the browser prints.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="A4", landscape=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    with page.expect_download() as download_info:
        page.emulate_media(media="screen")
        page.get_by_role("link", name="Unduh PDF").click()
    assert download_info.value.path().read_bytes().startswith(b"%PDF")
    assert console_errors == []
