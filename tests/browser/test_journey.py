"""A visitor follows the Solok story from the home page down to the dialogue, then switches
the language back and forth."""

import re

from playwright.sync_api import expect

from .helpers import screenshots

MAX_NEWS_PAGES = 20


def link_to(page, path, name=None):
    """The visible links to `path` on the current page, optionally with that accessible name."""
    links = page.locator(f'a[href="{path}"]:visible')
    if name is not None:
        links = links.and_(page.get_by_role("link", name=name))
    return links


def follow(page, path, name=None):
    """Click the first visible link to `path` (named `name`), and land on that page."""
    link = link_to(page, path, name).first
    expect(link, f"a link to {path} named {name!r} on {page.url}").to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?.*)?$"))


def open_post_from_home(page, demo):
    """Home → the post: straight from the home page, or through the news list's pages."""
    post = demo.urls["post_detail"]
    if link_to(page, post, demo.post_title).count() == 0:
        follow(page, demo.urls["news_list"])
        for _ in range(MAX_NEWS_PAGES):
            if link_to(page, post, demo.post_title).count():
                break
            next_page = page.locator('a[rel="next"]:visible')
            if next_page.count() == 0:
                break
            next_page.first.click()
            page.wait_for_load_state()
    follow(page, post, demo.post_title)


def switch_language(page, button_name, code):
    page.get_by_role("button", name=button_name).click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.get_by_role("button", name=button_name)).to_have_attribute("aria-current", "true")


def test_from_home_through_news_forum_and_activity_to_the_dialogue(page, portal, console_errors):
    demo = portal.demo
    page.goto(demo.urls["home"])

    open_post_from_home(page, demo)
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.post_title)

    follow(page, demo.urls["forum_detail"], demo.forum_name)
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.forum_name)

    follow(page, demo.urls["activity_detail"], demo.hall_title)
    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.hall_title)
    expect(page.locator("main")).to_contain_text(re.compile(r"Rp\s150\.000\.000"))

    # The dialogue's link may be named by its theme or its date: follow it by address.
    follow(page, demo.urls["meeting_detail"])
    main = page.locator("main")
    expect(main).to_contain_text(demo.dialogue_theme)
    expect(main).to_contain_text(re.compile(rf"(?<!\d){demo.dialogue_participants}(?!\d)"))
    screenshots(page, "journey-meeting-id")

    switch_language(page, "English", "en")
    expect(page).to_have_url(re.compile(re.escape(demo.urls["meeting_detail"]) + "$"))
    screenshots(page, "journey-meeting-en")
    switch_language(page, "Bahasa Indonesia", "id")

    assert console_errors == []


def test_language_choice_sticks_from_page_to_page(page, portal, console_errors):
    demo = portal.demo
    page.goto(demo.urls["home"])
    expect(page.locator("html")).to_have_attribute("lang", "id")

    switch_language(page, "English", "en")
    page.goto(demo.urls["about"])
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch_language(page, "Bahasa Indonesia", "id")
    expect(page).to_have_url(re.compile(re.escape(demo.urls["about"]) + "$"))
    page.goto(demo.urls["home"])
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert console_errors == []
