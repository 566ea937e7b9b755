"""Anonymous public pages answered from a cache, before the rest of the middleware runs.

A reader without a session gets the same page as every other reader of that URL in
that language, so the page is rendered once and kept:

- **Where:** in the default cache (Redis in production, shared by every app server;
  local memory otherwise), and for the hottest pages also in a small per-process copy
  (``PAGE_CACHE_LOCAL_ENTRIES`` pages, 300), which answers without a Redis round trip.
- **Key:** scheme, host, path with query string, language (the language cookie, as
  ``PortalLocaleMiddleware`` reads it), the ``Accept`` header (the API answers JSON or
  its browsable HTML by it), and the *content version*.
- **Invalidation:** the content version is a token in the ``page_versions`` cache
  (Redis, or a file on this machine without it). Any change to public data
  (``forums.public_changes.public_data_changed``: a publication, a return, an edit of a
  published record or of its children, a reference list, the regions) replaces the
  token, so every cached page is old at once; it is replaced again when the writing
  transaction commits, so that a page rendered from the data just before the commit is
  not kept under the new token. The process that made the change sees the new token
  at once; other processes read the token at most ``PAGE_CACHE_VERSION_CHECK`` seconds
  apart (1 s), so a page there is at most that old.
- **Who:** only GET requests without a session cookie, a pending message or credentials.
  A signed-in staff member always gets a fresh page, and what is rendered for them is
  never stored. A response is stored only when it is a 200, sets no cookie, used no
  CSRF token, is not marked private or no-store, varies on nothing but the language
  and ``Accept``, and is smaller than ``MAX_BYTES``; never under /staff/, /admin/,
  /media/ or /static/.

A view may name something to do on each cached answer (``on_hit``): a news page counts
its reader's view (forums/view_counts.py) whether it was rendered or not.

``PAGE_CACHE`` (environment, default on unless DEBUG) turns it on; ``PAGE_CACHE_TIMEOUT``
bounds how long a page is kept at all (pages showing "today" stay right from day to day).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from forums import view_counts
from forums.public_changes import (
    VERSION_KEY,  # noqa: F401 (the tests read the token under this key)
    current_version,
    public_data_changed,
    replace_version,
)

from .middleware import chosen_language

KEY_PREFIX = "page:"
MAX_BYTES = 1024 * 1024
EXCLUDED_PREFIXES = ("/staff/", "/admin/", "/media/", "/static/", "/healthz", "/i18n/")
VARY_ALLOWED = {"cookie", "accept-language", "accept"}  # the key holds all three
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}

# Things a cached answer still does, by name (a view stores the name and an argument).
ON_HIT = {
    "count_post_view": lambda request, post_id: view_counts.record_view(
        post_id, view_counts.visitor(request)
    ),
}


class _Process:
    """This process's view of the content version and its copy of the hottest pages."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.checked_at = 0.0
        self.pages = OrderedDict()

    def current_version(self):
        now = time.monotonic()
        if self.version is None or now - self.checked_at >= settings.PAGE_CACHE_VERSION_CHECK:
            version = current_version()
            with self.lock:
                if version != self.version:
                    self.pages.clear()
                self.version, self.checked_at = version, now
        return self.version

    def set_version(self, version):
        with self.lock:
            self.version, self.checked_at = version, time.monotonic()
            self.pages.clear()

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is None:
                return None
            if entry["expires"] < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > settings.PAGE_CACHE_LOCAL_ENTRIES:
                self.pages.popitem(last=False)


_process = _Process()


def _pages():
    return caches["default"]


def clear():
    """Make every cached page old now (also for tests, or a deploy that changes templates)."""
    version = replace_version()
    _process.set_version(version)


def invalidate(**signal):
    """Make every cached page old: now, and again when the current transaction commits."""
    clear()
    transaction.on_commit(clear)


public_data_changed.connect(invalidate, dispatch_uid="page_cache")


# The middleware ---------------------------------------------------------------------


def _cacheable_request(request):
    if request.method != "GET" or request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    cookies = request.COOKIES
    # A session, a pending message or credentials (the API's basic authentication) make
    # the answer someone's own.
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "authorization" not in request.headers
    )


def _key(request, version):
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the stack below answers it
        return None
    language, accept = chosen_language(request), request.headers.get("accept", "")
    parts = "|".join((request.scheme, host, request.get_full_path(), language, accept))
    return f"{KEY_PREFIX}{version}:{hashlib.sha256(parts.encode()).hexdigest()}"


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & PRIVATE_DIRECTIVES:
        return False
    vary = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()
    }
    if vary - VARY_ALLOWED:
        return False
    return len(response.content) <= MAX_BYTES


def _entry(response):
    return {
        "status": response.status_code,
        "headers": list(response.items()),
        "content": response.content,
        "on_hit": getattr(response, "page_cache_on_hit", None),
        "expires": time.monotonic() + settings.PAGE_CACHE_TIMEOUT,
    }


def _response(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for header, value in entry["headers"]:
        response.headers[header] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


class PageCacheMiddleware:
    """Answer an anonymous reader's GET from the page cache, or render and keep it.

    It sits right after SecurityMiddleware (the HTTPS redirect and security headers still
    apply) and before everything else: a cached answer costs no session, CSRF,
    authentication or URL resolution work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        version = _process.current_version()
        key = _key(request, version)
        if key is None:
            return self.get_response(request)
        entry = _process.get(key)
        if entry is None:
            entry = _pages().get(key)
            if entry is not None:
                _process.put(key, entry)
        if entry is not None:
            if entry["on_hit"]:
                name, argument = entry["on_hit"]
                ON_HIT[name](request, argument)
            return _response(entry)
        response = self.get_response(request)
        if _storable(request, response):
            entry = _entry(response)
            _pages().set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
            _process.put(key, entry)
            response.headers["X-Page-Cache"] = "miss"
        return response
