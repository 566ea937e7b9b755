"""The review workflow in the staff workspace, end to end, in chromium.

operator.solok enters a forum with two members, an activity with two funding lines, a
meeting and a progress report with a photo, and submits each one; verifikator.sumbar
returns the forum with a reason; the operator reads the reason, corrects the forum and
submits it again; the verifier verifies and publishes all four (the forum first); a
visitor then finds them on the public site. Each step leaves a screenshot in
test-artifacts/screenshots/staff-NN-….png.

Everything goes through the pages, as people use them: no ORM call here. The records'
ids come from the addresses the portal redirects to. What the live server saves is
committed for the rest of the session, so names carry a per-run suffix, and the other
browser tests only look up demo records by name or slug.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from activities.demo.accounts import DEMO_PASSWORD

from .helpers import DESKTOP, PHONE, SCREENSHOTS, accessibility_problems, save_html

OPERATOR = "operator.solok"
VERIFIER = "verifikator.sumbar"
PROVINCE = "13"  # Sumatera Barat
REGENCY = "13.72"  # Kota Solok

# Indonesian labels, from locale/id/LC_MESSAGES/django.po.
LOG_IN = "Masuk"  # Log in
SAVE_DRAFT = "Simpan sebagai draf"  # Save as draft, on every new record's page
SAVE_CHANGES = "Simpan perubahan"  # Save changes, on every edit page
ADD_MEMBER = "Tambah anggota"  # Add a member
SUBMIT = "Ajukan untuk verifikasi"  # Submit for verification
VERIFY = "Verifikasi"  # Verify
RETURN = "Kembalikan untuk perbaikan"  # Return for correction
REASON = "Alasan pengembalian"  # Reason for return (the return form's textarea)
PUBLISH = "Publikasikan"  # Publish
PUBLIC_PAGE = "Halaman publik"  # Public page
EDIT = "Ubah"  # Edit

APBN = "APBN"
APBD_REGENCY = "APBD kabupaten/kota"
WORK_TYPE = "Gedung serbaguna"  # a physical work: its progress reports carry photos
RETURN_REASON = "Nomor telepon kontak belum diisi; lengkapi sebelum diajukan lagi."


class Shots:
    """Numbered full-page screenshots: staff-01-login.png… at desktop width; `phone()`
    takes the latest one again at phone width, as staff-NN-…-phone.png."""

    def __init__(self):
        self.number = 0
        self.name = ""
        self.paths = []
        for old in SCREENSHOTS.glob("staff-*.png"):  # an earlier run's, maybe numbered otherwise
            old.unlink()

    def __call__(self, page, name):
        self.number += 1
        self.name = f"staff-{self.number:02d}-{name}"
        return self._take(page, self.name, DESKTOP)

    def phone(self, page):
        return self._take(page, f"{self.name}-phone", PHONE)

    def _take(self, page, name, viewport):
        path = SCREENSHOTS / f"{name}.png"
        page.set_viewport_size(viewport)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(DESKTOP)
        self.paths.append(path)
        return path


@pytest.fixture
def open_page(browser, portal, console_errors, policy_watch):
    """Fresh browser contexts (no cookies) beside the `page` fixture's: one per person."""
    contexts = []

    def open_page():
        context = policy_watch.attach(browser.new_context(base_url=portal.url, viewport=DESKTOP))
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()

        def on_console(message):
            if message.type == "error":
                url = message.location.get("url", "")
                console_errors.append(f"console error: {message.text} {url}".strip())

        page.on("console", on_console)
        page.on("pageerror", lambda error: console_errors.append(f"uncaught error: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def photo_file(tmp_path):
    """A real JPEG as a phone would send it."""
    path = tmp_path / "progres-balai.jpg"
    image = Image.new("RGB", (1200, 800), (40, 120, 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 300, 1000, 700), fill=(200, 180, 140))
    draw.polygon([(150, 300), (600, 80), (1050, 300)], fill=(150, 60, 40))
    image.save(path, "JPEG", quality=85)
    return path


def record_id(page, path):
    """The number at the end of a staff detail page's address, e.g. /staff/forums/42/."""
    pattern = re.compile(rf"{re.escape(path)}(\d+)/$")
    expect(page).to_have_url(pattern)
    return int(pattern.search(page.url).group(1))


def field(page, name):
    """A form field of the page's main content, by its name (the page's meta tags have
    names too, "description" among them)."""
    return page.locator(f'main [name="{name}"]')


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def state_of(page):
    """The state badge of the record's workflow panel."""
    return page.locator('section[aria-labelledby^="workflow-heading"] [data-state]')


def log_in(page, username, shots=None):
    page.goto("/staff/login/")
    field(page, "username").fill(username)
    field(page, "password").fill(DEMO_PASSWORD)
    if shots:
        shots(page, "login")
    button(page, LOG_IN).click()
    expect(page).to_have_url(re.compile(r"/staff/$"))


def apply(page, action, expected_state, reason=None):
    """Press one of the workflow panel's buttons on a staff detail page."""
    if reason is not None:
        page.get_by_label(REASON).fill(reason)
    button(page, action).click()
    expect(state_of(page)).to_have_attribute("data-state", expected_state)


def check_accessibility(page, problems, where, viewport=DESKTOP):
    page.set_viewport_size(viewport)
    found = accessibility_problems(page)
    if found:
        problems.append(f"axe-core, {where} at {viewport['width']} px:\n{found}")
    page.set_viewport_size(DESKTOP)


def choose_region(page, select, value=None):
    """Choose an option of a region select (the first real one unless `value` is given);
    return the value chosen."""
    options = field(page, select).locator('option:not([value=""])')
    expect(options.first).to_be_attached()
    if value is None:
        value = options.first.get_attribute("value")
    field(page, select).select_option(value)
    return value


def fill_forum(page, name):
    """Forum fields, the village through the dependent selects, and two members."""
    field(page, "name").fill(name)
    field(page, "formation_year").fill(str(timezone.localdate().year))
    field(page, "contact_name").fill("Rina Oktaviani")
    field(page, "description").fill("Forum uji alur kerja verifikasi.")

    districts = field(page, "district").locator('option:not([value=""])')
    villages = field(page, "village").locator('option:not([value=""])')
    # Choosing the province again reloads the regencies and empties the selects below.
    choose_region(page, "province", PROVINCE)
    expect(districts).to_have_count(0)
    expect(field(page, "regency").locator(f'option[value="{REGENCY}"]')).to_be_attached()
    choose_region(page, "regency", REGENCY)
    expect(districts.first).to_be_attached()
    district = choose_region(page, "district")
    expect(villages.first).to_have_attribute("value", re.compile(rf"^{re.escape(district)}\."))
    choose_region(page, "village")

    rows = page.locator("#members-formset [data-formset-row]")
    if rows.count() < 2:
        button(page, ADD_MEMBER).click()
    expect(rows).to_have_count(2)
    members = [
        ("Budi Santoso", "chair", "religious", "male"),
        ("Siti Rahmah", "secretary", "women", "female"),
    ]
    for index, (member, role, group, sex) in enumerate(members):
        field(page, f"members-{index}-name").fill(member)
        field(page, f"members-{index}-role").select_option(role)
        field(page, f"members-{index}-group").select_option(group)
        field(page, f"members-{index}-sex").select_option(sex)


def test_operator_and_verifier_take_a_forum_to_the_public_site(
    page, open_page, portal, console_errors, html_pages, photo_file
):
    run = uuid.uuid4().hex[:6]
    forum_name = f"FKS Uji Alur {run}"
    activity_title = f"Pembangunan Balai Uji {run}"
    meeting_theme = f"Dialog Uji Kerukunan {run}"
    today = timezone.localdate()
    year = str(today.year)
    shots = Shots()
    problems = []
    operator = page

    # --- the operator enters the records ------------------------------------------------
    log_in(operator, OPERATOR, shots)
    response = operator.goto("/staff/")
    save_html(html_pages, "staff_dashboard", response.text())
    check_accessibility(operator, problems, "operator's dashboard")
    shots(operator, "operator-dashboard")

    response = operator.goto("/staff/forums/new/")
    save_html(html_pages, "staff_forum_form", response.text())
    check_accessibility(operator, problems, "new forum form")
    check_accessibility(operator, problems, "new forum form", PHONE)
    fill_forum(operator, forum_name)
    shots(operator, "forum-form")
    shots.phone(operator)
    button(operator, SAVE_DRAFT).click()
    forum_id = record_id(operator, "/staff/forums/")
    expect(operator.locator("h1")).to_contain_text(forum_name)
    expect(operator.locator("#members")).to_contain_text("Budi Santoso")
    expect(operator.locator("#members")).to_contain_text("Siti Rahmah")
    expect(state_of(operator)).to_have_attribute("data-state", "draft")
    apply(operator, SUBMIT, "submitted")
    shots(operator, "forum-submitted")

    operator.goto(f"/staff/activities/new/?forum={forum_id}")
    expect(field(operator, "forum")).to_have_value(str(forum_id))
    field(operator, "activity_type").select_option(label=WORK_TYPE)
    field(operator, "title").fill(activity_title)
    field(operator, "planned_start").fill(f"{year}-03-01")
    field(operator, "planned_end").fill(f"{year}-10-31")
    for index, (source, amount) in enumerate([(APBN, "100.000.000"), (APBD_REGENCY, "50.000.000")]):
        field(operator, f"funding-{index}-source").select_option(label=source)
        field(operator, f"funding-{index}-budget_year").fill(year)
        field(operator, f"funding-{index}-budget").fill(amount)
    shots(operator, "activity-form")
    button(operator, SAVE_DRAFT).click()
    activity_id = record_id(operator, "/staff/activities/")
    main = operator.locator("main")
    expect(main).to_contain_text(activity_title)
    expect(main).to_contain_text(re.compile(r"Rp\s150\.000\.000"))
    apply(operator, SUBMIT, "submitted")
    shots(operator, "activity-submitted")

    # From the activity's page, as an operator would: forum and regency come filled in.
    operator.goto(f"/staff/meetings/new/?activity={activity_id}")
    expect(field(operator, "forum")).to_have_value(str(forum_id))
    expect(field(operator, "regency")).to_have_value(REGENCY)
    field(operator, "kind").select_option("dialogue")
    field(operator, "held_on").fill((today - timedelta(days=7)).isoformat())
    field(operator, "theme").fill(meeting_theme)
    field(operator, "venue").fill("Balai Kelurahan")
    field(operator, "participants_male").fill("18")
    field(operator, "participants_female").fill("14")
    field(operator, "speakers-0-name").fill("Dr. Andi Pratama")
    field(operator, "speakers-0-institution").fill("Universitas Andalas")
    shots(operator, "meeting-form")
    button(operator, SAVE_DRAFT).click()
    meeting_id = record_id(operator, "/staff/meetings/")
    expect(operator.locator("main")).to_contain_text(meeting_theme)
    apply(operator, SUBMIT, "submitted")
    shots(operator, "meeting-submitted")

    operator.goto(f"/staff/progress/new/?activity={activity_id}")
    expect(field(operator, "activity")).to_have_value(str(activity_id))
    field(operator, "reported_on").fill((today - timedelta(days=3)).isoformat())
    field(operator, "percent").fill("30")
    field(operator, "note").fill("Pondasi dan dinding selesai.")
    field(operator, "photos-0-image").set_input_files(photo_file)
    field(operator, "photos-0-caption").fill("Dinding balai")
    shots(operator, "progress-form")
    button(operator, SAVE_DRAFT).click()
    progress_id = record_id(operator, "/staff/progress/")
    expect(operator.locator("main img")).to_have_count(1)
    apply(operator, SUBMIT, "submitted")
    shots(operator, "progress-submitted")

    # --- the verifier returns the forum -------------------------------------------------
    verifier = open_page()
    log_in(verifier, VERIFIER)
    waiting = verifier.locator("#waiting-list")
    for label in (forum_name, activity_title, meeting_theme):
        expect(waiting).to_contain_text(label)
    check_accessibility(verifier, problems, "verifier's dashboard")
    shots(verifier, "verifier-dashboard")

    verifier.goto(f"/staff/forums/{forum_id}/")
    check_accessibility(verifier, problems, "forum page with the review panel")
    apply(verifier, RETURN, "returned", reason=RETURN_REASON)
    shots(verifier, "forum-returned")

    # --- the operator reads the reason, corrects and submits again ----------------------
    operator.goto("/staff/")
    returned = operator.locator("#returned-list li").filter(has_text=forum_name)
    expect(returned).to_contain_text(RETURN_REASON)
    shots(operator, "returned-to-operator")
    shots.phone(operator)
    returned.get_by_role("link", name=forum_name).click()
    expect(operator).to_have_url(re.compile(rf"/staff/forums/{forum_id}/$"))
    expect(operator.get_by_role("note")).to_contain_text(RETURN_REASON)
    operator.get_by_role("link", name=EDIT, exact=True).click()
    expect(operator).to_have_url(re.compile(rf"/staff/forums/{forum_id}/edit/$"))
    field(operator, "contact_phone").fill("0812 6600 1234")
    shots(operator, "forum-correction")
    button(operator, SAVE_CHANGES).click()
    expect(operator).to_have_url(re.compile(rf"/staff/forums/{forum_id}/$"))
    expect(operator.locator("main")).to_contain_text("0812 6600 1234")
    apply(operator, SUBMIT, "submitted")
    expect(operator.get_by_role("note")).to_have_count(0)
    shots(operator, "forum-resubmitted")

    # --- the verifier verifies and publishes, the forum first ---------------------------
    records = [
        (f"/staff/forums/{forum_id}/", "forum"),
        (f"/staff/activities/{activity_id}/", "activity"),
        (f"/staff/meetings/{meeting_id}/", "meeting"),
        (f"/staff/progress/{progress_id}/", "progress"),
    ]
    for url, name in records:
        verifier.goto(url)
        apply(verifier, VERIFY, "verified")
        apply(verifier, PUBLISH, "published")
        shots(verifier, f"{name}-published")

    verifier.goto(f"/staff/forums/{forum_id}/")
    public_forum = verifier.get_by_role("link", name=PUBLIC_PAGE, exact=True)
    forum_url = public_forum.get_attribute("href")
    assert re.fullmatch(r"/forums/[-\w]+/", forum_url), forum_url

    # --- a visitor finds them on the public site ----------------------------------------
    visitor = open_page()
    response = visitor.goto(forum_url)
    assert response.status == 200, f"{forum_url} answered {response.status}"
    main = visitor.locator("main")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(forum_name)
    expect(main).to_contain_text("Budi Santoso")
    row = main.locator("tr").filter(has=visitor.get_by_role("link", name=activity_title))
    expect(row).to_contain_text(re.compile(r"Rp\s150\.000\.000"))
    shots(visitor, "public-forum")
    shots.phone(visitor)

    row.get_by_role("link", name=activity_title).click()
    expect(visitor).to_have_url(re.compile(rf"/activities/{activity_id}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(activity_title)
    expect(main).to_contain_text(re.compile(r"Rp\s100\.000\.000"))
    expect(main).to_contain_text(re.compile(r"Rp\s50\.000\.000"))
    photo = main.locator('img[src*="/media/"]')
    expect(photo).to_have_count(1)
    photo.scroll_into_view_if_needed()
    expect(photo).to_have_js_property("complete", True)
    assert photo.evaluate("img => img.naturalWidth") > 0, "the progress photo did not load"
    shots(visitor, "public-activity")

    response = visitor.goto(f"/meetings/{meeting_id}/")
    assert response.status == 200, f"the meeting page answered {response.status}"
    expect(main).to_contain_text(meeting_theme)
    expect(main).to_contain_text(re.compile(r"(?<!\d)32(?!\d)"))  # 18 + 14 participants
    shots(visitor, "public-meeting")

    small = [path.name for path in shots.paths if path.stat().st_size < 1000]
    if small:
        problems.append(f"blank screenshots: {', '.join(small)}")
    if console_errors:
        problems.append("browser console:\n" + "\n".join(console_errors))
    assert not problems, "\n".join(problems)
