"""The production layout, started by `make cluster`'s own script on loopback: pgbouncer in
transaction pooling, two app servers behind haproxy, a Celery worker and beat on Redis,
media on an S3 server. Staff on one app server and readers on the other see one portal;
a big download is drawn by the worker; killing an app server under load loses no write.

It runs on PostgreSQL (the cluster's database is created beside the test database on the
same server, and dropped at the end). The cluster's own database is filled by the
cluster script (regions and demo content), so the records made here are committed for
real and read back through the app servers or a connection of its own.
"""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
import requests
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from activities.demo.accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TANAH_GARAM = "13.72.01.1001"
VERSION_CHECK_SECONDS = 1  # the cluster's PAGE_CACHE_VERSION_CHECK (the default)
LOAD_SECONDS, KILL_AFTER, READERS = 30, 10, 6

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the cluster runs on PostgreSQL"),
    pytest.mark.skipif(
        not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists())
        and os.environ.get("CI") != "true",
        reason="haproxy is not installed (make test installs it)",
    ),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The cluster, started by deploy/cluster.py on ports of its own, until the module ends."""
    folder = tmp_path_factory.mktemp("cluster")
    # Production settings: the pages need the collected static files and their manifest.
    subprocess.run(["make", "-s", "staticfiles/staticfiles.json"], cwd=ROOT, check=True)
    server = connection.settings_dict
    postgres = (
        f"postgres://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}"
    )
    env = {
        **os.environ,
        "CLUSTER_PORT": "18080",
        "CLUSTER_APP_PORTS": "18001,18002",
        "CLUSTER_PGBOUNCER_PORT": "16433",
        "CLUSTER_S3_PORT": "19000",
        "CLUSTER_DATABASE": "ks_cluster_test",
        "CLUSTER_POSTGRES": postgres,
        "CLUSTER_REDIS_DB": "6",
        "CLUSTER_FOLDER": str(folder),
        # The demo content's funding lines are few: every download is a job here.
        "EXPORT_JOB_MIN_ROWS": "5",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(folder / "cluster.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "cluster.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300
        while "CLUSTER READY" not in (folder / "cluster.log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the cluster did not start:\n{(folder / 'cluster.log').read_text()}")
            time.sleep(1)
        state = json.loads((folder / "state.json").read_text())
        state["folder"] = folder
        yield state
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        admin = psycopg2.connect(f"{postgres}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS ks_cluster_test WITH (FORCE)")
        admin.close()


def database_rows(cluster, sql, params=()):
    """Rows of the cluster's own database, read on a connection of this test's own."""
    with psycopg2.connect(cluster["database"]) as db, db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Visitor:
    """One browser over plain HTTP. It keeps its cookies itself: the portal marks them
    Secure (production settings), which a cookie jar would only send over HTTPS."""

    def __init__(self, base):
        self.base, self.cookies = base, {"django_language": "en"}

    def request(self, method, path, *, base=None, **options):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        response = requests.request(
            method,
            f"{base or self.base}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=30,
            **options,
        )
        for name, value in _set_cookies(response):
            self.cookies[name] = value
        return response

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post(self, path, data, **options):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, data=data, **options)

    def sign_in(self, username):
        self.get(reverse("login"))
        response = self.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"{username} could not sign in"
        return self


def _set_cookies(response):
    for header in response.raw.headers.getlist("Set-Cookie"):
        name, _, rest = header.partition("=")
        yield name.strip(), rest.split(";", 1)[0]


def form_token(visitor, path, **options):
    page = visitor.get(path, **options)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="submission_token" value="([^"]*)"', page.text).group(1)


def forum_data(name, token):
    return {
        "name": name,
        "slug": "",
        "formation_year": "2021",
        "status": "active",
        "founded_on": "",
        "province": "13",
        "regency": "13.72",
        "district": "13.72.01",
        "village": TANAH_GARAM,
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "description": "",
        "submission_token": token,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }


def create_forum(operator, name, **options):
    """The operator enters a forum through the staff form; its id (None if refused)."""
    token = form_token(operator, reverse("staff_forum_create"), **options)
    response = operator.post(reverse("staff_forum_create"), forum_data(name, token), **options)
    if response.status_code != 302:
        return None
    return int(re.search(r"/(\d+)/$", urlsplit(response.headers["Location"]).path).group(1))


def seen_within(seconds, visitor, path, text):
    """Whether ``text`` shows on ``path`` within ``seconds`` (asked every tenth of one)."""
    deadline = time.monotonic() + seconds
    while text not in visitor.get(path).text:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_staff_on_two_app_servers_and_the_public_on_both_see_one_portal(cluster):
    app_a, app_b = cluster["apps"]
    directory = reverse("forum_list") + "?province=13"
    public = Visitor(cluster["portal"])
    for app in (app_a, app_b):  # both app servers have the directory in their page cache
        assert "FKS Uji Klaster" not in public.get(directory, base=app).text

    operator = Visitor(app_a).sign_in("operator.solok")
    forum = create_forum(operator, "FKS Uji Klaster")
    assert forum
    transition = reverse("staff_transition", args=["forum", forum])
    assert operator.post(transition, {"action": "submit"}).status_code == 302
    verifier = Visitor(app_b).sign_in("verifikator.sumbar")
    for action in ("verify", "publish"):
        assert verifier.post(transition, {"action": action}).status_code == 302

    # Another process reads the content version at most PAGE_CACHE_VERSION_CHECK (1 s)
    # apart (ks_portal/page_cache.py), so its cached directory may be that old: no older.
    for base in (app_a, app_b, cluster["portal"]):
        assert seen_within(VERSION_CHECK_SECONDS + 1, Visitor(base), directory, "FKS Uji Klaster")
    # The operator's session, kept in the shared Redis, works on the other server too.
    assert operator.get(reverse("staff_dashboard"), base=app_b).status_code == 200
    assert database_rows(cluster, "SELECT state FROM forums_forum WHERE id = %s", [forum]) == [
        ("published",)
    ]


def test_an_xlsx_of_everything_is_drawn_by_the_worker_and_downloaded(cluster):
    reader = Visitor(cluster["portal"])
    started = time.monotonic()
    response = reader.get(reverse("funding_xlsx"))
    assert time.monotonic() - started < 1  # the web worker only queued it
    assert response.status_code == 303
    job = urlsplit(response.headers["Location"]).path
    assert reader.get(job).status_code == 200

    deadline = time.monotonic() + 90
    while (state := reader.get(f"{job}status").json())["status"] != "done":
        assert state["status"] in {"queued", "running"}, state
        assert time.monotonic() < deadline, "the worker did not draw the file"
        time.sleep(0.5)
    file = reader.get(state["download"])

    assert file.status_code == 200
    sheet = load_workbook(io.BytesIO(file.content), read_only=True).worksheets[0]
    lines = database_rows(
        cluster,
        "SELECT count(*) FROM activities_fundingline line JOIN activities_activity activity"
        " ON activity.id = line.activity_id WHERE activity.state = 'published'",
    )[0][0]
    assert lines > 5
    assert sum(1 for _row in sheet.iter_rows()) == 1 + lines + 1


def test_a_photo_goes_to_the_bucket_and_a_draft_photo_is_not_public(cluster):
    import boto3

    operator = Visitor(cluster["apps"][0]).sign_in("operator.solok")
    (activity,) = database_rows(
        cluster,
        "SELECT activity.id FROM activities_activity activity JOIN forums_forum forum"
        " ON forum.id = activity.forum_id WHERE forum.village_id LIKE '13.72.%%'"
        " ORDER BY activity.id LIMIT 1",
    )[0]
    path = reverse("staff_progress_create")
    data = {
        "activity": activity,
        "reported_on": "2021-10-01",
        "percent": "40",
        "note": "Foto uji klaster.",
        "submission_token": form_token(operator, path),
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-caption": "Dinding",
    }
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 120, 90)).save(picture, "JPEG")
    files = {"photos-0-image": ("dinding.jpg", picture.getvalue(), "image/jpeg")}
    response = operator.request(
        "POST",
        path,
        data={**data, "csrfmiddlewaretoken": operator.cookies["csrftoken"]},
        files=files,
    )
    assert response.status_code == 302, response.text[:2000]

    ((name,),) = database_rows(
        cluster,
        "SELECT photo.image FROM activities_progressphoto photo JOIN activities_progressreport"
        " report ON report.id = photo.report_id WHERE report.note = 'Foto uji klaster.'",
    )
    bucket = boto3.client(
        "s3",
        endpoint_url=cluster["s3"],
        aws_access_key_id="cluster",
        aws_secret_access_key="cluster",  # noqa: S106
        region_name="us-east-1",
    )
    assert bucket.head_object(Bucket=cluster["bucket"], Key=name)["ContentLength"] > 0
    # The report is a draft: its photo is nobody's but the operator's scope.
    for base in [cluster["portal"], *cluster["apps"]]:
        assert requests.get(f"{base}/media/{name}", timeout=10).status_code == 404
    assert (
        requests.get(f"{cluster['s3']}/{cluster['bucket']}/{name}", timeout=10).status_code == 403
    )
    assert operator.get(f"/media/{name}", base=cluster["apps"][1]).status_code == 200


def test_killing_an_app_server_under_load_loses_no_write(cluster):
    portal = cluster["portal"]
    pages = [
        reverse("home"),
        reverse("forum_list"),
        reverse("funding_summary"),
        reverse("news_list"),
        reverse("forum_list") + "?province=13",
    ]
    outcomes, written, lock = [], [], threading.Lock()
    stop_at = time.monotonic() + LOAD_SECONDS

    def reader(number):
        visitor = Visitor(portal)
        count = number
        while time.monotonic() < stop_at:
            count += 1
            try:
                status = visitor.get(pages[count % len(pages)]).status_code
            except requests.RequestException:
                status = "error"
            with lock:
                outcomes.append(status)

    def writer():
        operator = Visitor(portal).sign_in("operator.solok")
        number = 0
        while time.monotonic() < stop_at:
            number += 1
            name = f"FKS Beban {number}"
            try:
                forum = create_forum(operator, name)
                status = 302 if forum else "refused"
            except (requests.RequestException, AttributeError, AssertionError):
                forum, status = None, "error"
            with lock:
                outcomes.append(status)
                if forum:
                    written.append((forum, name))

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    os.killpg(cluster["pids"]["app2"], signal.SIGKILL)  # its master and workers at once
    for thread in threads:
        thread.join(timeout=LOAD_SECONDS + 60)

    failed = [status for status in outcomes if status == "error" or status == "refused"]
    failed += [s for s in outcomes if isinstance(s, int) and s >= 500]
    stored = dict(
        database_rows(
            cluster,
            "SELECT id, name FROM forums_forum WHERE id = ANY(%s)",
            [[forum for forum, _name in written]],
        )
    )
    print(
        f"\nkill one app server under load: {len(outcomes)} requests in {LOAD_SECONDS} s, "
        f"{len(failed)} failed ({100 * len(failed) / len(outcomes):.2f} %), "
        f"{len(written)} forums written, {len(written) - len(stored)} lost"
    )
    assert len(outcomes) > 100
    assert len(failed) / len(outcomes) < 0.01
    assert stored == dict(written)
    assert len(written) > 5
