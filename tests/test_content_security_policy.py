"""Every response carries the Content-Security-Policy, and the templates keep to it.

The browser tests (tests/browser) check that no page breaks the policy in chromium; these
check the header itself and the templates' source, without a browser.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/news/", "/forums/", "/reports/funding/", "/staff/login/", "/admin/login/",
            "/api/docs/", "/api/forums/", "/api/schema/", "/feeds/news/", "/robots.txt"],
)  # fmt: skip
def test_every_response_carries_the_policy(client, url):
    response = client.get(url)

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["font-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "style-src-attr" not in directives


@pytest.mark.django_db
def test_missing_page_carries_the_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response)["script-src"] == ["'self'"]


def test_redoc_page_allows_only_its_own_two_stylesheets(client):
    directives = policy(client.get("/api/redoc/"))

    assert directives["script-src"] == ["'self'"]
    styles = directives["style-src"]
    assert styles[0] == "'self'"
    assert len(styles) == 3 and all(source.startswith("'sha256-") for source in styles[1:])


def test_redoc_page_asks_no_font_cdn(client):
    html = client.get("/api/redoc/").content.decode()
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


@pytest.mark.django_db
def test_browsable_api_alone_allows_style_attributes(client):
    api = policy(client.get("/api/forums/", HTTP_ACCEPT="text/html"))
    page = policy(client.get("/news/"))

    assert api["style-src-attr"] == ["'unsafe-inline'"]
    assert api["script-src"] == ["'self'"]
    assert "style-src-attr" not in page


def test_swagger_page_has_no_inline_script(client):
    html = client.get("/api/docs/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert "<style" not in html


def templates_with(pattern):
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_templates_have_no_inline_script():
    # A <script> either loads a file (src=) or carries data for one (a JSON block).
    inline = r'<script(?![^>]*\b(src=|type="application/json"))'
    handlers = r"\son[a-z]+\s*="
    assert templates_with(inline) == []
    assert templates_with(handlers) == []


def test_templates_have_no_style_attribute_or_block():
    assert templates_with(r'\sstyle="|<style') == []
