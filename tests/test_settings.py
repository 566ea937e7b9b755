import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

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
