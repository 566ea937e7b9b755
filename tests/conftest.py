import pytest
from django.core.cache import cache

from forums.regions_loader import load_regions

# The regions named in the seed documents, plus their neighbours in the same province
# (Kota Probolinggo beside Kabupaten Probolinggo, so that tests can tell them apart).
SEED_REGENCIES = ["13.72", "13.71", "14.06", "74.72", "35.13", "35.74"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load a small slice of the real region data once per test session."""
    with django_db_blocker.unblock():
        load_regions(regency_codes=SEED_REGENCIES)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create and log in many users; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (one-time form tokens are keyed by user id,
    and ids repeat between tests)."""
    cache.clear()
    yield
    cache.clear()
