"""Paths, sizes and checks shared by the browser tests (Playwright driving Debian's chromium)."""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HTML_DIR = ARTIFACTS / "html"

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

# Every page type of the public portal, plus the admin login; test_pages.py opens each one
# and keeps what the server sent, which test_zz_html_validity.py checks.
PAGE_TYPES = [
    "home",
    "news_list",
    "post_detail",
    "forum_list",
    "forum_detail",
    "activity_detail",
    "meeting_detail",
    "about",
    "region_detail",
    "province_detail",
    "map",
    "search",
    "funding_summary",
    "funding_activities",
    "activity_register",
    "targeting",
    "eligibility",
    "staff_login",
    "admin_login",
]

# The API documentation pages (Swagger UI and ReDoc), opened by test_api_docs.py.
API_DOCS = {"swagger": "/api/docs/", "redoc": "/api/redoc/"}

# axe-core impact levels that fail a test; "minor" and "moderate" ones are only reported.
FAILING_IMPACTS = ("serious", "critical")


def missing_tools():
    """What the browser tests need from outside PyPI and is not installed (`make system-deps`)."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT.relative_to(ROOT)} (npm ci)")
    return missing


def screenshot(page, name, width_name):
    """A full-page screenshot at one of WIDTHS; the viewport keeps that width afterwards."""
    page.set_viewport_size(WIDTHS[width_name])
    path = SCREENSHOTS / f"{name}-{width_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshots(page, name):
    """Full-page screenshots at a phone and a desktop width; the viewport is restored after."""
    original = page.viewport_size
    paths = [screenshot(page, name, width_name) for width_name in WIDTHS]
    if original:
        page.set_viewport_size(original)
    return paths


def run_axe(page):
    """Run axe-core in the page; return its violations, the list of rules that failed."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol, which the page's Content-Security-
        # Policy does not govern; a <script> tag (add_script_tag) would be an inline script.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def serious_violations(violations):
    return [v for v in violations if v.get("impact") in FAILING_IMPACTS]


def describe_violations(violations, max_nodes=5):
    """Each violation with the elements it concerns, readable in an assertion message."""
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:max_nodes]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"    … and {len(violation['nodes']) - max_nodes} more elements")
    return "\n".join(lines)


def accessibility_problems(page):
    """axe-core's serious and critical violations at the page's current width, described."""
    violations = serious_violations(run_axe(page))
    return describe_violations(violations) if violations else ""


# In the page: how far the document reaches past the viewport, and every amount in rupiah
# ("Rp 150.000.000", alone in its element) that is cut off by the screen or by a scrolling
# box, or broken over two lines.
PHONE_LAYOUT_SCRIPT = """() => {
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  const hidden = [];
  const amount = /^Rp\\s?-?[\\d.]+$/;
  for (const element of document.querySelectorAll("main *")) {
    if (element.children.length || !amount.test(element.textContent.trim())) continue;
    const box = element.getBoundingClientRect();
    if (!box.width) continue;
    const style = getComputedStyle(element);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
    let reason = box.height > lineHeight * 1.5 ? "wraps" : "";
    if (box.left < 0 || box.right > window.innerWidth + 0.5) reason = "off the screen";
    for (let box_ = element.parentElement; box_ && !reason; box_ = box_.parentElement) {
      if (getComputedStyle(box_).overflowX === "visible") continue;
      const outer = box_.getBoundingClientRect();
      const outside = box.left < outer.left - 0.5 || box.right > outer.right + 0.5;
      if (outside) reason = "scrolled out of sight";
    }
    if (reason) hidden.push(`${element.textContent.trim()} (${reason})`);
  }
  return {overflow, hidden};
}"""


def phone_layout_problems(page):
    """At the page's current (phone) width: sideways scrolling, and amounts not fully shown.

    Measured once the page has loaded: right after a click the new document may be in the
    DOM before its stylesheets apply.
    """
    page.wait_for_load_state("load")
    found = page.evaluate(PHONE_LAYOUT_SCRIPT)
    problems = []
    if found["overflow"] > 0:
        problems.append(f"the page scrolls sideways by {found['overflow']} px")
    if found["hidden"]:
        problems.append("amounts not fully visible: " + ", ".join(found["hidden"][:8]))
    return problems


def save_html(folder, name, text):
    """Keep the HTML the server sent in `folder` for the Nu Html Checker run at the end of
    the session, and a copy in test-artifacts/html/ for people to look at."""
    path = folder / f"{name}.html"
    path.write_text(text, encoding="utf-8")
    (HTML_DIR / path.name).write_text(text, encoding="utf-8")
    return path


def run_vnu(paths):
    """Check HTML files with the Nu Html Checker; return its error messages as dicts."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (vnu.jar)"
    assert VNU_JAR.exists(), f"{VNU_JAR.relative_to(ROOT)} is missing: run `npm ci`"
    completed = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *(str(path) for path in paths),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(
            f"vnu.jar gave no JSON report (exit code {completed.returncode}):\n"
            f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
        ) from error
    return [m for m in report.get("messages", []) if m.get("type") != "info"]


def describe_vnu_messages(messages):
    lines = []
    for message in messages:
        name = Path(re.sub(r"^file:", "", message.get("url", "?"))).name
        line = message.get("lastLine", message.get("firstLine", "?"))
        column = message.get("firstColumn", message.get("lastColumn", "?"))
        lines.append(f"- {name}:{line}:{column}: {message.get('message', '').strip()}")
        extract = message.get("extract")
        if extract:
            lines.append(f"    {extract.strip()[:200]!r}")
    return "\n".join(lines)


# Run in every page and frame before its own scripts: each Content-Security-Policy violation
# goes to the test through the function PolicyWatch binds.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    page: event.documentURI,
    source: event.sourceFile,
    line: event.lineNumber,
  });
}, true);
"""


@dataclass
class PolicyWatch:
    """What no page of the portal may do, watched in every browser context of a test: break
    its Content-Security-Policy (the browser's securitypolicyviolation events, and console
    errors naming the policy), or ask any host but the portal's own for anything. Requests
    to other hosts are refused, so a test never reaches out to the internet."""

    host: str  # the live server's host:port
    violations: list = field(default_factory=list)
    console: list = field(default_factory=list)
    foreign_requests: list = field(default_factory=list)
    documents: int = 0
    contexts: list = field(default_factory=list)

    def attach(self, context):
        context.expose_function("reportCspViolation", self._violation)
        context.add_init_script(CSP_LISTENER)
        context.route(self._is_foreign, self._refuse)
        context.on("console", self._console)
        context.on("request", self._request)
        self.contexts.append(context)
        return context

    def _violation(self, report):
        self.violations.append(
            f"CSP violation: {report['directive']} blocked {report['blocked'] or '?'} on "
            f"{report['page']} ({report['source'] or 'the page'}:{report['line']})"
        )

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.console.append(f"console: {message.text}")

    def _request(self, request):
        if request.resource_type == "document":
            self.documents += 1

    def _is_foreign(self, url):
        parts = urlsplit(url)
        return parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != self.host

    def _refuse(self, route):
        self.foreign_requests.append(f"request to another host: {route.request.url}")
        route.abort("blockedbyclient")

    def settle(self):
        """Let reports still on their way from the pages arrive (one round trip each)."""
        for context in self.contexts:
            for page in context.pages:
                try:
                    page.evaluate("() => 0")
                except PlaywrightError:
                    continue  # closed, or navigating: its reports came with its last page

    def problems(self):
        return [*self.violations, *self.console, *self.foreign_requests]
