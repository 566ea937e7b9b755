"""Choosing a province on a public list fills its regency list at once, with no reload."""

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.parametrize("path", ["/forums/", "/reports/funding/"])
def test_choosing_a_province_fills_the_regencies_at_once(page, path):
    page.goto(path)
    regency = page.locator("#filters select[name=regency]")
    expect(regency.locator("option", has_text="Kota Solok")).to_have_count(0)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    page.locator("#filters select[name=province]").select_option("13")

    expect(regency).to_be_enabled()
    expect(regency.locator("option", has_text="Kota Solok")).to_have_count(1)
    expect(regency.locator("option", has_text="Kota Baubau")).to_have_count(0)
    assert navigations == [], "the page reloaded"
    regency.select_option(label="Kota Solok")
    page.get_by_role("button", name="Tampilkan", exact=True).click()
    expect(page).to_have_url(re.compile(r"province=13&regency=13\.72"))
    expect(page.locator("main")).to_contain_text("Kota Solok")


def test_the_staff_picker_empties_the_levels_below_when_the_province_is_unchosen(page):
    from .test_staff_workflow import log_in

    log_in(page, "admin")
    page.goto("/staff/forums/new/")
    province = page.locator("main select[name=province]")
    regency = page.locator("main select[name=regency]")
    province.select_option("13")
    expect(regency.locator("option", has_text="Kota Solok")).to_have_count(1)
    regency.select_option(label="Kota Solok")
    district = page.locator("main select[name=district]")
    expect(district.locator("option:not([value=''])").first).to_be_attached()

    province.select_option("")

    expect(regency.locator("option")).to_have_count(1)
    expect(district.locator("option")).to_have_count(1)
    expect(regency).to_have_value("")
