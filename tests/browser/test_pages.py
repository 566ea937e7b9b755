"""Every page type opens, is accessible at a phone and a desktop width, and is kept for vnu.

At the phone width (360 px) no page scrolls sideways and every amount is fully visible.
"""

import pytest
from playwright.sync_api import expect

from .helpers import (
    PAGE_TYPES,
    WIDTHS,
    accessibility_problems,
    phone_layout_problems,
    save_html,
    screenshot,
)

# What a detail page must show about its record (attribute of the `demo` fixture's Demo).
SHOWS = {
    "post_detail": "post_title",
    "forum_detail": "forum_name",
    "activity_detail": "hall_title",
    "meeting_detail": "dialogue_theme",
}


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type(page, portal, console_errors, html_pages, page_type):
    url = portal.demo.urls[page_type]
    response = page.goto(url)

    assert response is not None, f"no response from {url}"
    assert response.status == 200, f"{url} answered {response.status}"
    # What the server sent, not the DOM after scripts ran: vnu checks it at the end.
    save_html(html_pages, page_type, response.text())
    expect(page.locator("html")).to_have_attribute("lang", "id")
    if page_type in SHOWS:
        expect(page.locator("main")).to_contain_text(getattr(portal.demo, SHOWS[page_type]))

    problems = []
    for width_name in WIDTHS:
        screenshot(page, page_type, width_name)
        found = accessibility_problems(page)
        if found:
            problems.append(f"axe-core, {width_name} width:\n{found}")
        if width_name == "phone":
            problems.extend(f"phone width: {problem}" for problem in phone_layout_problems(page))
    if console_errors:
        problems.append("browser console:\n" + "\n".join(console_errors))
    assert not problems, f"{url}:\n" + "\n".join(problems)
