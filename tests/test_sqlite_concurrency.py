"""SQLite on a real file: WAL mode, a busy timeout and IMMEDIATE transactions, so staff
writes under public load never fail with "database is locked".

The tests run the portal in other processes (manage.py, gunicorn) against a file
database, because the test database itself lives in memory.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite settings; other databases lock rows"
)

SHOW_SETTINGS = """
from django.db import connection
connection.ensure_connection()
options = connection.settings_dict["OPTIONS"]
print(options["transaction_mode"], options["timeout"])
"""

STAFF_EDITS = """
import os
from django.db import transaction
from django.utils import timezone
from forums.models import Post, State

post, _ = Post.objects.get_or_create(
    slug="berita-beban",
    defaults={"title": "Berita beban", "body": "<p>Isi</p>", "state": State.PUBLISHED,
              "published_at": timezone.now()},
)
for number in range(int(os.environ["EDITS"])):
    with transaction.atomic():  # read, then write: the case that fails in DEFERRED mode
        edited = Post.objects.get(pk=post.pk)
        edited.summary = f"Ringkasan {number}"
        edited.save()
print("done")
"""


def portal_environment(database, tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL"}}
    environment.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
        VIEW_COUNTS_DIR=str(tmp_path / "views"),
        # The readers call the API as fast as they can: on a slow or busy machine the run
        # lasts long enough for the anonymous limit (60 a minute) to answer 429.
        API_ANON_RATE="100000/minute",
    )
    return environment


def manage(environment, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_a_file_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    database = tmp_path / "portal.sqlite3"

    shell = manage(portal_environment(database, tmp_path), "shell", "-c", SHOW_SETTINGS)
    out, err = shell.communicate(timeout=60)

    assert shell.returncode == 0, err
    assert out.splitlines()[-1].split() == ["IMMEDIATE", "20"]
    # WAL is a property of the file: a plain connection sees it too.
    with sqlite3.connect(database) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_other_databases_get_no_sqlite_options(tmp_path):
    environment = {**portal_environment("x", tmp_path), "DATABASE_URL": "postgres://u@db/ks"}
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"

    shell = manage(environment, "shell", "-c", code)
    out, err = shell.communicate(timeout=60)

    assert shell.returncode == 0, err
    assert out.splitlines()[-1] == "{}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (a local test server)
            return
        except OSError:  # not listening yet, or too slow to answer
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.django_db
def test_staff_writes_succeed_while_the_public_reads(tmp_path):
    """Two staff processes edit the same news post 25 times each, in read-then-write
    transactions, while eight threads read public pages from gunicorn (2 workers with
    threads): no edit fails, no page answers an error, no reader gets a session row."""
    database = tmp_path / "portal.sqlite3"
    connection.ensure_connection()  # a copy of the migrated test database, regions included
    with sqlite3.connect(database) as copy:
        copy.executescript("\n".join(connection.connection.iterdump()))
    environment = portal_environment(database, tmp_path)
    base = f"http://127.0.0.1:{free_port()}"
    server_log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ks_portal.wsgi", "--bind", base[7:],
         "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=server_log.open("w"),
    )  # fmt: skip
    reading = threading.Event()
    readers, statuses = [], []

    def reader(urls):
        while reading.is_set():
            for url in urls:
                try:
                    with urllib.request.urlopen(base + url, timeout=30) as response:  # noqa: S310
                        statuses.append(response.status)
                except urllib.error.HTTPError as error:
                    statuses.append(error.code)

    try:
        wait_for(base + "/api/regions/provinces/", server)
        first = manage({**environment, "EDITS": "1"}, "shell", "-c", STAFF_EDITS)
        assert first.communicate(timeout=60)[0].endswith("done\n")  # the post exists
        reading.set()
        pages = ["/", "/news/", "/news/berita-beban/", "/api/news/", "/forums/"]
        readers += [threading.Thread(target=reader, args=(pages,)) for _ in range(8)]
        for thread in readers:
            thread.start()
        started = time.monotonic()
        edits = {**environment, "EDITS": "25"}
        staff = [manage(edits, "shell", "-c", STAFF_EDITS) for _ in range(2)]
        results = [process.communicate(timeout=120) for process in staff]
        elapsed = time.monotonic() - started
    finally:
        reading.clear()
        for thread in readers:
            thread.join()
        server.terminate()
        server.wait(timeout=30)

    print(f"{len(statuses)} public reads during 2 x 25 staff edits, {elapsed:.1f} s")
    for process, (_out, err) in zip(staff, results, strict=True):
        assert "database is locked" not in err
        assert process.returncode == 0, err
    assert len(statuses) > 20
    assert set(statuses) == {200}
    assert "database is locked" not in server_log.read_text()
    with sqlite3.connect(database) as copy:  # and the readers left no session behind
        assert copy.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
