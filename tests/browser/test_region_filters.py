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
