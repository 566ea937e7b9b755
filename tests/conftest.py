import shutil
import tempfile

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.test import override_settings
from hypothesis.configuration import set_hypothesis_home_dir

from forums import view_counts
from forums.regions_loader import load_regions
from ks_portal import page_cache

# The regions named in the seed documents, plus their neighbours in the same province
# (Kota Probolinggo beside Kabupaten Probolinggo, so that tests can tell them apart).
SEED_REGENCIES = ["13.72", "13.71", "14.06", "74.72", "35.13", "35.74"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Deferred transactions for the in-memory test database.

    The settings ask SQLite for IMMEDIATE transactions, which wait for a busy file database
    (tests/test_sqlite_concurrency.py runs those settings on a real file). The test database
    is in memory, shared between threads through SQLite's shared cache, where a lock is not
    waited for: each test's open transaction would lock the live server's threads out.
    """
    for connection in connections.all():
        connection.settings_dict.get("OPTIONS", {}).pop("transaction_mode", None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load a small slice of the real region data once per test session."""
    with django_db_blocker.unblock():
        load_regions(regency_codes=SEED_REGENCIES)


@pytest.fixture(scope="session", autouse=True)
def static_files_without_collectstatic():
    """Static URLs without the manifest of collectstatic, which the tests never run.

    pytest-django renders pages with DEBUG off, and the project's manifest storage then
    looks every URL up in staticfiles/staticfiles.json. test_static_files.py checks that
    storage itself.
    """
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create and log in many users; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache(settings, tmp_path):
    """Each test starts with empty caches (throttle counts and pending view counts are
    keyed by ids and addresses, which repeat between tests). Without Redis, pending view counts
    are files: a test's go to a temporary folder, never into the project."""
    files = {
        alias: {**config, "LOCATION": str(tmp_path / alias)}
        for alias, config in settings.CACHES.items()
        if config["BACKEND"].endswith("FileBasedCache")
    }
    settings.CACHES = {**settings.CACHES, **files}
    for cache in caches.all():
        cache.clear()
    page_cache.clear()
    view_counts.forget_counted_here()
    yield
    for cache in caches.all():
        cache.clear()
    page_cache.clear()
    view_counts.forget_counted_here()


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """The public page cache is on in every test, as in production (off by default only
    under DEBUG): a test that reads a page after changing data would catch a stale one."""
    settings.PAGE_CACHE = True


def pytest_configure(config):
    """Hypothesis (under schemathesis, tests/test_api_schemathesis.py) keeps its files in
    .hypothesis/ of the working directory: a temporary folder instead, never the project."""
    config.hypothesis_home = tempfile.mkdtemp(prefix="hypothesis-")
    set_hypothesis_home_dir(config.hypothesis_home)


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "hypothesis_home", ""), ignore_errors=True)
