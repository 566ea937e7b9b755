"""An operator entering an activity with two funding lines and a photo, through a rejected
save, without losing anything (chromium, through the pages only).

operator.solok types an activity with an APBN line and a DPR RI aspiration fund line (the
member fields show only on that one), with spending above the budget: the server rejects
it, the error list at the top takes the focus, every typed value is still there; corrected,
"save and submit" saves and submits it at once. Then a progress report: a large photo is
chosen and uploads at once (shrunk in the browser, thumbnail shown), the report is rejected
(percent above 100), the thumbnail, caption and note are still there; corrected, it is saved
and submitted with the photo, whose capture time survived the shrinking. The photo's first
sending fails (the connection drops) and is retried from its own button.
Screenshots: test-artifacts/screenshots/no-lost-work-*.png.
"""

import re
import uuid
from io import BytesIO

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from .helpers import DESKTOP, PHONE, SCREENSHOTS, phone_layout_problems
from .test_staff_workflow import SAVE_DRAFT, button, field, log_in, record_id, state_of

OPERATOR = "operator.solok"
WORK_TYPE = "Gedung serbaguna"
APBN = "APBN"
ASPIRATION = "Dana aspirasi anggota DPR RI"
SAVE_AND_SUBMIT = "Simpan dan ajukan untuk verifikasi"  # Save and submit for verification
EXIF_IFD, DATETIME_ORIGINAL = 0x8769, 0x9003


@pytest.fixture
def big_photo(tmp_path):
    """A 4000 × 3000 JPEG taken on 22 October 2018 at 09.30, as a phone camera writes it."""
    image = Image.new("RGB", (4000, 3000), (40, 120, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((600, 900, 3400, 2700), fill=(200, 180, 140))
    draw.polygon([(400, 900), (2000, 200), (3600, 900)], fill=(150, 60, 40))
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = "2018:10:22 09:30:00"
    path = tmp_path / "IMG_20181022_093000.jpg"
    image.save(path, "JPEG", quality=92, exif=exif)
    return path


def shot(page, name):
    for suffix, viewport in (("", None), ("-phone", PHONE)):
        size = page.viewport_size
        if viewport:
            page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"no-lost-work-{name}{suffix}.png"), full_page=True)
        page.set_viewport_size(size)


def member_fields(page, index):
    return [
        page.locator(f"#div_id_funding-{index}-member_name"),
        page.locator(f"#div_id_funding-{index}-electoral_district"),
    ]


def test_operator_enters_an_activity_and_a_photo_through_a_rejected_save_without_losing_anything(
    page, portal, artifacts, console_errors, big_photo
):
    run = uuid.uuid4().hex[:6]
    title = f"Balai Warga Tanpa Hilang {run}"
    log_in(page, OPERATOR)

    # --- the activity, with two funding lines; rejected once -----------------------------
    page.goto("/staff/activities/new/")
    field(page, "forum").select_option(label=portal.demo.forum_name)
    field(page, "activity_type").select_option(label=WORK_TYPE)
    field(page, "title").fill(title)
    field(page, "planned_start").fill("2025-03-01")
    field(page, "planned_end").fill("2025-10-31")

    field(page, "funding-0-source").select_option(label=APBN)
    field(page, "funding-0-budget_year").fill("2025")
    field(page, "funding-0-budget").fill("100.000.000")
    for wrapper in member_fields(page, 0) + member_fields(page, 1):
        expect(wrapper).to_be_hidden()

    field(page, "funding-1-source").select_option(label=ASPIRATION)
    for wrapper in member_fields(page, 1):
        expect(wrapper).to_be_visible()
    field(page, "funding-1-budget_year").fill("2025")
    field(page, "funding-1-budget").fill("50.000.000")
    field(page, "funding-1-spending").fill("80.000.000")  # more than the budget
    field(page, "funding-1-member_name").fill("H. Anggota Dewan")
    field(page, "funding-1-electoral_district").fill("Sumatera Barat I")
    # A member typed on the APBN line by mistake is emptied when its source changes away.
    field(page, "funding-0-source").select_option(label=ASPIRATION)
    field(page, "funding-0-member_name").fill("Salah ketik")
    field(page, "funding-0-source").select_option(label=APBN)
    expect(member_fields(page, 0)[0]).to_be_hidden()
    expect(field(page, "funding-0-member_name")).to_have_value("")
    button(page, SAVE_DRAFT).click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    link = summary.locator('a[href="#id_funding-1-spending"]')
    expect(link).to_be_visible()
    shot(page, "activity-rejected")
    expect(field(page, "title")).to_have_value(title)
    expect(field(page, "funding-0-budget")).to_have_value("100.000.000")
    expect(field(page, "funding-1-member_name")).to_have_value("H. Anggota Dewan")
    expect(field(page, "funding-1-electoral_district")).to_have_value("Sumatera Barat I")
    for wrapper in member_fields(page, 1):
        expect(wrapper).to_be_visible()
    expect(member_fields(page, 0)[0]).to_be_hidden()
    link.click()
    expect(field(page, "funding-1-spending")).to_be_focused()

    field(page, "funding-1-spending").fill("45.000.000")
    button(page, SAVE_AND_SUBMIT).click()
    activity_id = record_id(page, "/staff/activities/")
    expect(state_of(page)).to_have_attribute("data-state", "submitted")
    main = page.locator("main")
    expect(main).to_contain_text(re.compile(r"Rp\s150\.000\.000"))
    expect(main).to_contain_text("H. Anggota Dewan")

    # --- a progress report with a photo; rejected once -----------------------------------
    page.goto(f"/staff/progress/new/?activity={activity_id}")
    field(page, "reported_on").fill("2025-06-01")
    field(page, "percent").fill("120")  # above 100
    field(page, "note").fill("Dinding dan atap selesai.")
    # The first sending fails, as on a weak signal: the photo waits with a retry button.
    attempts = []

    def flaky(route):
        attempts.append(route.request.url)
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/staff/uploads/photos/", flaky)
    field(page, "photos-0-image").set_input_files(big_photo)
    preview = page.locator('[data-upload-preview="id_photos-0-upload"]')
    retry = preview.locator("button:not([data-upload-remove])")
    expect(retry).to_be_visible()
    expect(preview.locator("img")).to_have_attribute("src", re.compile(r"^data:image/jpeg"))
    shot(page, "progress-upload-failed")
    with page.expect_response(lambda r: r.url.endswith("/staff/uploads/photos/")) as upload:
        retry.click()
    assert len(attempts) == 2
    assert upload.value.status == 201, upload.value.text()
    request_size = len(upload.value.request.post_data_buffer or b"")
    assert request_size < big_photo.stat().st_size, "the photo was not shrunk before upload"
    thumbnail = page.locator('[data-upload-preview="id_photos-0-upload"] img')
    expect(thumbnail).to_have_attribute("src", re.compile(r"/media/uploads/temporary/thumbs/"))
    expect(page.locator("#div_id_photos-0-image")).to_be_hidden()
    field(page, "photos-0-caption").fill("Dinding balai")
    shot(page, "progress-photo-uploaded")
    button(page, SAVE_AND_SUBMIT).click()

    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("[data-error-summary]")).to_contain_text("100")
    expect(thumbnail).to_be_visible()
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the kept thumbnail did not load"
    expect(field(page, "photos-0-caption")).to_have_value("Dinding balai")
    expect(field(page, "note")).to_have_value("Dinding dan atap selesai.")
    expect(field(page, "photos-0-upload")).not_to_have_value("")
    shot(page, "progress-rejected")
    page.set_viewport_size(PHONE)
    assert not phone_layout_problems(page), phone_layout_problems(page)
    page.set_viewport_size(DESKTOP)

    field(page, "percent").fill("60")
    button(page, SAVE_AND_SUBMIT).click()
    record_id(page, "/staff/progress/")
    expect(state_of(page)).to_have_attribute("data-state", "submitted")
    photo_link = page.locator('main a[href*="/media/progress/"]')
    expect(photo_link).to_have_count(1)
    expect(page.locator("main figcaption")).to_contain_text("Dinding balai")
    expect(page.locator("main figcaption")).to_contain_text("2018")  # the capture time
    kept = page.request.get(photo_link.get_attribute("href"))
    assert kept.status == 200
    with Image.open(BytesIO(kept.body())) as image:
        assert max(image.size) <= 2400, image.size
    shot(page, "progress-submitted")

    page.goto(f"/staff/activities/{activity_id}/")
    expect(page.locator("main")).to_contain_text("60%")
    # The browser reports the dropped connection it was told to simulate; nothing else.
    unexpected = [error for error in console_errors if "ERR_INTERNET_DISCONNECTED" not in error]
    assert not unexpected, "\n".join(unexpected)
