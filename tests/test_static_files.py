"""Static files collected in development (as `make run` does) also serve a DEBUG=0 server.

The collection runs here with the project's own storage, as settings.py configures it with
DEBUG on (tests/conftest.py swaps in a plain storage for the other tests); then a process
started with DEBUG=0, as in production, renders a page from that collection.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command

from ks_portal import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent

# Serves one page and its stylesheet from STATIC_ROOT, without a database (the login page
# reads none), and reports what came back.
SERVE = """
import json, re
import django
django.setup()
from django.test import Client
client = Client()
page = client.get("/staff/login/")
html = page.content.decode()
css = re.search(r'href="(/static/css/portal\\.[^"]+\\.css)"', html)
sheet = client.get(css.group(1)) if css else None
print(json.dumps({
    "page": page.status_code,
    "css": css.group(1) if css else None,
    "css_status": sheet.status_code if sheet else None,
    "css_body": b"".join(sheet.streaming_content).decode()[:200] if sheet else "",
}))
"""


def test_static_files_collected_with_debug_on_serve_with_debug_off(settings, tmp_path):
    static_root = tmp_path / "staticfiles"
    settings.STORAGES = project_settings.STORAGES
    settings.STATIC_ROOT = static_root
    # The portal's own static/ folder is what the page uses; the apps' files (admin, API
    # docs) would only make the collection slower.
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.DEBUG = True
    call_command("collectstatic", "--noinput", verbosity=0)

    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        DJANGO_SETTINGS_MODULE="ks_portal.settings",
        DEBUG="0",
        SECRET_KEY="static-files-test-" + "x" * 40,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(static_root),
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", SERVE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    served = json.loads(result.stdout.strip().splitlines()[-1])

    assert served["page"] == 200, result.stderr[-3000:]
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", served["css"])
    assert served["css_status"] == 200
    assert served["css_body"] == (ROOT / "static/css/portal.css").read_text()[:200]
    assert (static_root / served["css"].removeprefix("/static/")).with_suffix(".css.gz").exists()
