"""Fixtures of the browser tests: one live server over the demo data, and Debian's chromium.

Why not pytest-django's ``live_server``: it makes each test transactional, and the flush
after each one empties every table, the region slice of tests/conftest.py and the activity
types and funding sources the migrations seed included. Here the demo content is loaded and
committed once per session (about a second and a half), one live server serves all the
tests, and each test is an ordinary ``db`` test (a transaction rolled back at its end) that
only reads: nothing a test writes in its own transaction would reach the server. Committed
content would upset the other tests (their counts, load_demo's "created" figures), so the
hook below runs the browser tests after all the others.

Playwright's sync API keeps an asyncio loop running in the test thread. Django then refuses
database calls there (SynchronousOnlyOperation), and its connections, an asgiref Local,
belong to that loop's context rather than to the thread. So all lookups happen in the
``demo`` fixture before chromium starts; the ``browser`` fixture allows the per-test
transaction handling with DJANGO_ALLOW_ASYNC_UNSAFE while chromium runs, and closes the
connection the tests used before it stops. The live server answers in its own threads.
"""

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from activities.demo import load_demo
from activities.models import Activity, Meeting
from forums.models import Post
from forums.regions_loader import load_regions
from reports.eligibility import update_eligibility

from ..conftest import SEED_REGENCIES
from .helpers import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    HTML_DIR,
    SCREENSHOTS,
    PolicyWatch,
    missing_tools,
)

HERE = Path(__file__).resolve().parent
POLICY_TOTALS = {"tests": 0, "documents": 0, "violations": 0, "foreign": 0}
SOLOK_POST = "kota-solok-terima-bantuan-keserasian-sosial-2018"
SOLOK_HALL = "Pembangunan Gedung Serbaguna Payo"
SAMPLE_FORUMS = 4
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after all the others, the HTML validity check last of all.

    trylast: pytest-django's own reordering (database tests first) has run by then, and a
    stable sort keeps it within each group.
    """

    def order(item):
        path = Path(item.path)
        in_browser = path.is_relative_to(HERE)
        return (in_browser, in_browser and path.name.startswith("test_zz_"))

    items.sort(key=order)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails on any CSP violation or request to another host of its pages,
    whatever the test itself checks (the `policy_watch` fixture watches every context)."""
    watch = item.funcargs.get("policy_watch")
    try:
        result = yield
    finally:
        problems = watch.settle() or watch.problems() if watch is not None else []
        if problems:
            # Shown beside the test's own failure too, which they may well explain.
            item.add_report_section("call", "policy watch", "\n".join(problems))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter):
    """Say how many pages were watched and what they broke, for the record."""
    if POLICY_TOTALS["tests"]:
        terminalreporter.write_line(
            "browser policy watch: {tests} tests, {documents} documents loaded, "
            "{violations} CSP violations, {foreign} requests to other hosts".format(**POLICY_TOTALS)
        )


@dataclass
class Demo:
    """What the tests look for: the Solok story, its forum, hall and dialogue, and page URLs."""

    media_root: Path
    post_title: str
    forum_name: str
    hall_title: str
    dialogue_theme: str
    dialogue_participants: int
    urls: dict = field(default_factory=dict)


@dataclass
class Portal:
    url: str
    demo: Demo


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the region slice and the demo content, committed, once per session."""
    media_root = tmp_path_factory.mktemp("browser-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root, PASSWORD_HASHERS=FAST_HASHER),
    ):
        load_regions(regency_codes=SEED_REGENCIES)
        load_demo(sample_forums=SAMPLE_FORUMS)
        update_eligibility()
        post = Post.objects.select_related("forum").get(slug=SOLOK_POST)
        forum = post.forum
        hall = Activity.objects.get(forum=forum, title=SOLOK_HALL)
        dialogue = hall.meetings.get(kind=Meeting.Kind.THEMATIC_DIALOGUE)
        return Demo(
            media_root=media_root,
            post_title=post.title,
            forum_name=forum.name,
            hall_title=hall.title,
            dialogue_theme=dialogue.theme,
            dialogue_participants=dialogue.participants_total,
            urls={
                "home": reverse("home"),
                "news_list": reverse("news_list"),
                "post_detail": reverse("post_detail", args=[post.slug]),
                "forum_list": reverse("forum_list"),
                "forum_detail": reverse("forum_detail", args=[forum.slug]),
                "activity_detail": reverse("activity_detail", args=[hall.pk]),
                "meeting_detail": reverse("meeting_detail", args=[dialogue.pk]),
                "about": reverse("about"),
                "region_detail": reverse("region_detail", args=["13.72"]),
                "province_detail": reverse("region_detail", args=["13"]),
                "map": reverse("map"),
                "search": f"{reverse('search')}?q=Solok",
                "funding_summary": reverse("funding_summary"),
                "funding_activities": f"{reverse('funding_summary')}?level=activity",
                "activity_register": f"{reverse('activity_register')}?province=13",
                "targeting": reverse("conflict_targeting"),
                "eligibility": reverse("village_eligibility"),
                "staff_login": reverse("login"),
                "admin_login": reverse("admin:login"),
            },
        )


@pytest.fixture(scope="session")
def portal_server(request, demo, django_db_blocker):
    """One live server for the session; it serves static files through the finders."""
    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "127.0.0.1"
    )
    with ExitStack() as stack:
        # Each request closes its database connection (the settings keep them 60 s): one
        # left open in a keep-alive request thread would stop PostgreSQL from dropping the
        # test database at the end of the session.
        for connection in connections.all():
            stack.enter_context(patch.dict(connection.settings_dict, CONN_MAX_AGE=0))
        with django_db_blocker.unblock():
            server = LiveServer(address)
        stack.callback(server.stop)
        server._live_server_modified_settings.enable()
        stack.callback(server._live_server_modified_settings.disable)
        yield server


@pytest.fixture(scope="session")
def browser(portal_server, django_db_blocker):
    """Debian's chromium, headless, started once; `make system-deps` installs it."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"The browser tests need: {', '.join(missing)}; run `make system-deps`.")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django's connections (an asgiref Local) are kept per
        # context, not per thread: the tests used a connection of their own. Close it while
        # it is still reachable, or PostgreSQL cannot drop the test database afterwards.
        with django_db_blocker.unblock():
            connections.close_all()


@pytest.fixture(scope="session")
def artifacts():
    """test-artifacts/: screenshots, and a copy of each page's HTML, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def html_pages(tmp_path_factory, artifacts):
    """This session's folder of the HTML the page tests received, for the vnu check.

    Private to the session, so that another run in the same work tree (or files left from
    an earlier one) cannot make the check pass or fail.
    """
    return tmp_path_factory.mktemp("html")


@pytest.fixture
def portal(db, settings, demo, portal_server):
    """The running portal: its address, and the demo records to look for."""
    settings.MEDIA_ROOT = demo.media_root
    return Portal(url=portal_server.url, demo=demo)


@pytest.fixture
def policy_watch(portal):
    """Watches every browser context of a test; see pytest_runtest_call above."""
    watch = PolicyWatch(host=urlsplit(portal.url).netloc)
    yield watch
    POLICY_TOTALS["tests"] += 1
    POLICY_TOTALS["documents"] += watch.documents
    POLICY_TOTALS["violations"] += len(watch.violations) + len(watch.console)
    POLICY_TOTALS["foreign"] += len(watch.foreign_requests)


@pytest.fixture
def console_errors():
    """Errors the page wrote to the browser console, and uncaught script errors."""
    return []


@pytest.fixture
def page(browser, portal, artifacts, console_errors, policy_watch):
    """A fresh browser context (no cookies) at desktop width, pointed at the live server."""
    context = policy_watch.attach(browser.new_context(base_url=portal.url, viewport=DESKTOP))
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(message):
        if message.type == "error":
            url = message.location.get("url", "")
            console_errors.append(f"console error: {message.text} {url}".strip())

    page.on("console", on_console)
    page.on("pageerror", lambda error: console_errors.append(f"uncaught error: {error}"))
    yield page
    context.close()
