"""The staff workspace at 360 px: no page scrolls sideways, every amount is fully visible,
and a list's filters fold behind a button until it is pressed.

The public page types are checked the same way by test_pages.py.
"""

import pytest
from playwright.sync_api import expect

from .helpers import PHONE, phone_layout_problems
from .test_staff_workflow import log_in

STAFF_PAGES = [
    "/staff/",
    "/staff/forums/",
    "/staff/activities/",
    "/staff/activities/new/",
    "/staff/meetings/",
    "/staff/progress/",
    "/staff/news/",
]


@pytest.fixture
def phone_page(page):
    page.set_viewport_size(PHONE)
    return page


def test_staff_pages_fit_a_phone(phone_page, console_errors):
    log_in(phone_page, "operator.solok")
    problems = []
    for path in STAFF_PAGES:
        phone_page.goto(path)
        problems.extend(f"{path}: {problem}" for problem in phone_layout_problems(phone_page))
    # An activity of the operator's own list, with its funding lines.
    phone_page.goto("/staff/activities/")
    detail = phone_page.locator("main table a").first.get_attribute("href")
    phone_page.goto(detail)
    expect(phone_page.locator("main table").first).to_contain_text("Rp")
    problems.extend(f"{detail}: {problem}" for problem in phone_layout_problems(phone_page))
    assert not problems, "\n".join(problems)
    assert not console_errors


def test_list_filters_fold_on_a_phone(phone_page):
    phone_page.goto("/forums/")
    province = phone_page.locator("#filters [name=province]")
    expect(province).to_be_hidden()
    toggle = phone_page.get_by_role("button", name="Filter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(province).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def test_folded_filters_say_how_many_are_in_use(phone_page):
    phone_page.goto("/forums/?province=13&status=active")
    expect(phone_page.get_by_role("button", name="Filter (2 dipakai)")).to_be_visible()
