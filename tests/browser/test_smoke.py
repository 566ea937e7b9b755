"""The browser test machinery itself works: chromium, the live server, static files."""

from .helpers import screenshots


def test_home_page_opens_in_chromium(page, portal, console_errors):
    response = page.goto(portal.demo.urls["home"])

    assert response.status == 200
    assert "Portal" in page.title()
    assert page.locator("html").get_attribute("lang") == "id"
    # Bootstrap came through the live server's static files handler: `d-flex` took effect.
    assert page.evaluate("() => getComputedStyle(document.body).display") == "flex"
    for path in screenshots(page, "smoke-home"):
        assert path.stat().st_size > 1000, path
    assert console_errors == []
