"""gunicorn.conf.py: what gunicorn reads from it, with and without environment variables."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
VARIABLES = ("GUNICORN_BIND", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS")


def load(monkeypatch, **env):
    """The settings gunicorn takes from the file, as its own loader applies them."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = {"__file__": str(CONFIG), "__name__": "__config__"}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_defaults_suit_a_proxy_on_the_same_machine(monkeypatch):
    config = load(monkeypatch)

    assert config.bind == ["127.0.0.1:8000"]
    assert 3 <= config.workers <= 8
    assert config.timeout == 30
    assert config.graceful_timeout == 30
    assert config.keepalive == 5
    assert config.max_requests == 20_000 and config.max_requests_jitter == 2_000
    assert config.preload_app
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.accesslog == "-"


def test_address_workers_and_proxies_come_from_the_environment(monkeypatch):
    config = load(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:8080,unix:/run/ks-portal.sock",
        WEB_CONCURRENCY="3",
        FORWARDED_ALLOW_IPS="10.0.0.5",
    )

    assert config.bind == ["0.0.0.0:8080", "unix:/run/ks-portal.sock"]
    assert config.workers == 3
    assert config.forwarded_allow_ips == ["10.0.0.5"]


@pytest.mark.parametrize("cores", [1, 2, 16])
def test_default_workers_follow_the_cores_up_to_eight(monkeypatch, cores):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cores)
    assert load(monkeypatch).workers == min(2 * cores + 1, 8)


def test_gunicorn_accepts_the_file_and_loads_the_portal():
    environment = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    result = subprocess.run(
        [Path(sys.executable).with_name("gunicorn"), "--check-config", "-c", str(CONFIG),
         "ks_portal.wsgi"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
