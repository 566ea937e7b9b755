import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ks_portal.settings import env_bool

ROOT = Path(__file__).resolve().parent.parent


def run_check(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_secret_key_when_not_debugging():
    result = run_check(DEBUG="0", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_check(
        "--deploy", "--fail-level", "WARNING",
        DEBUG="0", SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6, ALLOWED_HOSTS="portal.example",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_indonesian_by_default_in_jakarta_time():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), ("yes", True), (" On ", True),
     ("0", False), ("False", False), ("NO", False), ("off", False)],
)  # fmt: skip
def test_boolean_variables_read_the_usual_words(monkeypatch, value, expected):
    monkeypatch.setenv("PORTAL_FLAG", value)
    assert env_bool("PORTAL_FLAG", default=not expected) is expected


def test_boolean_variable_left_unset_takes_its_default(monkeypatch):
    monkeypatch.delenv("PORTAL_FLAG", raising=False)
    assert env_bool("PORTAL_FLAG", default=True) is True


@pytest.mark.parametrize("value", ["flase", "", "2", "enabled"])
def test_boolean_variable_with_a_typo_is_refused_by_name(monkeypatch, value):
    monkeypatch.setenv("PORTAL_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="PORTAL_FLAG"):
        env_bool("PORTAL_FLAG")


def test_portal_refuses_to_start_with_a_misspelt_debug():
    result = run_check(DEBUG="flase", SECRET_KEY="x", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG='flase'" in result.stderr


def test_production_keeps_compiled_templates_and_caches_public_pages():
    # Each template is read and compiled once per process (Django's cached loader when no
    # loaders are named), and anonymous public pages come from the page cache.
    script = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.template import engines; "
        "loaders = engines['django'].engine.template_loaders; "
        "print(type(loaders[0]).__module__, settings.PAGE_CACHE)"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"PAGE_CACHE"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="ks_portal.settings",
        DEBUG="0",
        SECRET_KEY="k3y-" + "a1b2c3d4e5" * 6,
        ALLOWED_HOSTS="portal.example",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.split() == ["django.template.loaders.cached", "True"], result.stderr
