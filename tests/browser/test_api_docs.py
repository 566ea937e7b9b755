"""The pages the shared page types leave out: the API documentation (Swagger UI, ReDoc), the
browsable API and the admin back-office after signing in. Each renders what it is for; the
`policy_watch` fixture fails any of them that breaks the Content-Security-Policy or asks
another host for anything (ReDoc once fetched web fonts from a font CDN)."""

import re

import pytest
from playwright.sync_api import expect

from activities.demo.accounts import DEMO_PASSWORD

from .helpers import API_DOCS, save_html, screenshots

API_TITLE = "Portal Keserasian Sosial — open data API"
# What each documentation page shows once its script has read the schema.
RENDERED = {"swagger": ".swagger-ui .info .title", "redoc": ".api-info h1"}


@pytest.mark.parametrize("viewer", sorted(API_DOCS))
def test_api_documentation_renders_the_schema(page, console_errors, html_pages, viewer):
    with page.expect_response(re.compile(r"/api/schema/")) as schema:
        response = page.goto(API_DOCS[viewer])
    assert response.status == 200
    assert schema.value.status == 200
    save_html(html_pages, f"api_docs_{viewer}", response.text())

    expect(page.locator(RENDERED[viewer]).first).to_contain_text(API_TITLE)
    # An endpoint of the schema is listed, so the viewer really read it.
    expect(page.get_by_text("/api/forums/").first).to_be_attached()
    screenshots(page, f"api-docs-{viewer}")
    assert console_errors == []


def test_browsable_api_lists_published_forums(page, portal, console_errors):
    response = page.goto("/api/forums/")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    expect(page.locator(".response-info")).to_contain_text('"results"')
    assert console_errors == []


def test_admin_back_office_pages_open(page, portal, console_errors):
    page.goto(portal.demo.urls["admin_login"])
    page.locator('[name="username"]').fill("admin")
    page.locator('[name="password"]').fill(DEMO_PASSWORD)
    page.locator('[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto("/admin/forums/forum/")
    expect(page.locator("#result_list")).to_be_visible()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#content-main form")).to_be_visible()
    # The change form's autocomplete widgets (select2) and date pickers are scripted.
    page.goto("/admin/forums/staffprofile/add/")
    expect(page.locator(".select2-container").first).to_be_visible()
    assert console_errors == []
