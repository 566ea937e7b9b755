"""Media in a private bucket of an S3-compatible store (MEDIA_BUCKET), against moto's server.

moto runs as a real HTTP server on 127.0.0.1, so django-storages, boto3 and the signed
URLs go over the network as they would to MinIO or AWS. moto checks neither signatures
nor expiry of signed URLs: the tests check the lifetime a URL carries, and that moto
refuses an unsigned read of a private object.
"""

import datetime
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.db import connection
from django.urls import reverse
from PIL import Image

from activities.models import ProgressReport
from forums.models import State
from ks_portal.backups import BackupError, restore_backup
from ks_portal.settings import bucket_storage

from .factories import ActivityFactory, ForumFactory, PostFactory, staff_user
from .images import image_upload
from .test_backup_restore import migrated_sqlite  # noqa: F401  (a fixture)
from .test_media_serving import progress_photo
from .test_staff_progress import create, report_data

# Only its server is used, as a program; boto3 is a dependency of the portal itself.
pytest.importorskip("moto", reason="moto (requirements-dev.txt) runs the S3 server")

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
# moto accepts any keys; these go through the environment, as in production.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
MODES = ["", "signed-url"]


@dataclass(frozen=True)
class Bucket:
    name: str
    endpoint: str
    client: object

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {entry["Key"] for entry in listing.get("Contents", [])}

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def plain_url(self, key):
        return f"{self.endpoint}/{self.name}/{key}"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server on a free port, for the whole session."""
    executable = Path(sys.executable).with_name("moto_server")
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(executable), "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto_server did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """A new private bucket (a bucket's default: no ACL grants anyone but its owner)."""
    for name in ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    name = f"ks-media-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return Bucket(name, s3_endpoint, client)


@pytest.fixture
def s3_media(settings, bucket):
    """Media in ``bucket``, configured as settings.py does with MEDIA_BUCKET. Changing
    STORAGES makes Django drop its storages, default_storage included."""
    storage = bucket_storage(bucket.name, endpoint_url=bucket.endpoint, region=REGION)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return bucket


@pytest.fixture
def operator():
    return staff_user("operator", regencies=["13.72"])


def files_under(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def body_of(response):
    # As in test_media_serving: reading the body closes the stored file.
    return response.getvalue() if response.status_code == 200 else b""


# Uploads ------------------------------------------------------------------------------


def test_an_operators_photo_upload_goes_into_the_bucket_and_not_to_disk(
    client, s3_media, operator, settings
):
    client.force_login(operator)
    client.cookies["django_language"] = "en"
    activity = ActivityFactory(forum=ForumFactory())
    photos = [{"image": image_upload("dinding.jpg", size=(3000, 2000)), "caption": "Dinding"}]

    response = create(client, report_data(activity, photos))

    assert response.status_code == 302
    photo = ProgressReport.objects.get().photos.get()
    assert s3_media.keys() == {photo.image.name, photo.thumbnail.name}
    assert files_under(settings.MEDIA_ROOT) == []
    # What is kept is the processed copy, measured from the bucket's bytes.
    with Image.open(io.BytesIO(s3_media.read(photo.image.name))) as kept:
        assert (kept.format, kept.size) == ("JPEG", (2400, 1600))
    assert (photo.width, photo.height) == (2400, 1600)
    # Pages point at the portal, which checks who asks, never into the bucket.
    assert photo.image.url == f"/media/{photo.image.name}"


def test_pages_show_the_portals_media_addresses_not_the_buckets(client, s3_media):
    post = PostFactory(published=True, cover=image_upload("sampul.jpg"))

    page = client.get(reverse("post_detail", args=[post.slug])).content.decode()

    assert f'src="/media/{post.cover.name}"' in page
    assert s3_media.endpoint not in page
    assert "X-Amz-" not in page


# Public photos ------------------------------------------------------------------------


def test_a_published_photo_streams_through_the_portal_by_default(client, s3_media):
    photo = progress_photo()

    response = client.get(photo.image.url)

    assert response.status_code == 200
    assert body_of(response) == s3_media.read(photo.image.name)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("lifetime", [300, 60])
def test_with_signed_urls_a_published_photo_redirects_to_the_bucket(
    client, s3_media, settings, lifetime
):
    settings.MEDIA_SENDFILE = "signed-url"
    storage = bucket_storage(
        s3_media.name, endpoint_url=s3_media.endpoint, region=REGION, signed_url_seconds=lifetime
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    photo = progress_photo()

    response = client.get(photo.thumbnail.url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == s3_media.endpoint
    assert location.path == f"/{s3_media.name}/{photo.thumbnail.name}"
    query = parse_qs(location.query)
    assert query["X-Amz-Expires"] == [str(lifetime)]
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ")
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert abs(now - signed_at) < datetime.timedelta(minutes=1)
    # A cached redirect must not outlive the URL it leads to.
    assert response["Cache-Control"] == f"public, max-age={lifetime // 2}"

    fetched = requests.get(response["Location"], timeout=10)

    assert fetched.status_code == 200
    assert fetched.content == s3_media.read(photo.thumbnail.name)
    assert fetched.headers["Content-Type"] == "image/jpeg"


def test_the_bucket_is_private(client, s3_media):
    photo = progress_photo()  # published: the portal shows it to anyone

    assert requests.get(s3_media.plain_url(photo.image.name), timeout=10).status_code == 403
    grants = s3_media.client.get_object_acl(Bucket=s3_media.name, Key=photo.image.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, not AllUsers


def test_a_photo_whose_object_is_gone_is_not_found(client, s3_media):
    photo = progress_photo()
    s3_media.client.delete_object(Bucket=s3_media.name, Key=photo.image.name)

    assert client.get(photo.image.url).status_code == 404


# Drafts: never a signed URL ---------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_draft_photo_is_not_found_by_the_public(client, s3_media, settings, mode):
    settings.MEDIA_SENDFILE = mode
    photo = progress_photo(report_state=State.DRAFT)

    for stored in (photo.image, photo.thumbnail):
        response = client.get(stored.url)
        assert response.status_code == 404
        assert "Location" not in response


@pytest.mark.parametrize("mode", MODES)
def test_a_draft_photo_streams_to_staff_in_scope(client, s3_media, settings, operator, mode):
    settings.MEDIA_SENDFILE = mode
    photo = progress_photo(report_state=State.SUBMITTED)
    client.force_login(operator)

    response = client.get(photo.image.url)

    assert response.status_code == 200
    assert body_of(response) == s3_media.read(photo.image.name)
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(staff_user("operator", regencies=["74.72"]))
    assert client.get(photo.image.url).status_code == 404


# Health ---------------------------------------------------------------------------------


def test_healthz_passes_with_the_bucket_and_leaves_nothing_in_it(client, s3_media, settings):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["storage"] == "ok"
    assert s3_media.keys() == set()
    assert files_under(settings.MEDIA_ROOT) == []


def test_healthz_fails_when_the_bucket_is_missing(client, bucket, settings, caplog):
    missing = bucket_storage("ks-media-missing", endpoint_url=bucket.endpoint, region=REGION)
    settings.STORAGES = {**settings.STORAGES, "default": missing}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"
    assert "ks-media-missing" not in response.content.decode()
    assert "'storage' failed" in caplog.text


# Settings ---------------------------------------------------------------------------------


def run_python(*args, env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "MEDIA_")) and key not in {"SECRET_KEY", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_SENDFILE": "x-sendfile"}, "sends files from MEDIA_ROOT"),
        (
            {"MEDIA_SENDFILE": "x-accel-redirect", "MEDIA_ACCEL_PREFIX": "/m"},
            "sends files from MEDIA_ROOT",
        ),
        ({"MEDIA_SIGNED_URL_SECONDS": "0"}, "MEDIA_SIGNED_URL_SECONDS must be"),
        ({"MEDIA_SIGNED_URL_SECONDS": "5 minutes"}, "MEDIA_SIGNED_URL_SECONDS must be"),
        ({"MEDIA_ENDPOINT_URL": "minio:9000"}, "must start with https://"),
    ],
)
def test_settings_that_cannot_work_with_a_bucket_stop_the_portal(env, message):
    result = run_python("manage.py", "check", env={"MEDIA_BUCKET": "ks-media", **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_signed_urls_need_a_bucket():
    result = run_python("manage.py", "check", env={"MEDIA_SENDFILE": "signed-url"})
    assert result.returncode != 0
    assert "MEDIA_SENDFILE=signed-url needs MEDIA_BUCKET" in result.stderr


SIGNED_URL_ORIGIN_AND_POLICY = (
    "import django, json, urllib.parse; django.setup(); "
    "from django.conf import settings; "
    "from django.core.files.storage import default_storage as media; "
    "url = urllib.parse.urlsplit(media.signed_url('progress/2026/12/a.jpg')); "
    "print(json.dumps([f'{url.scheme}://{url.netloc}', "
    "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
    "settings.STORAGES['default']['OPTIONS']]))"
)


@pytest.mark.parametrize(
    "where",
    [
        {"MEDIA_ENDPOINT_URL": "https://minio.example.org:9000/"},
        {"MEDIA_REGION": "ap-southeast-3"},
        {"AWS_DEFAULT_REGION": "ap-southeast-1"},
        {},
    ],
)
def test_pages_allow_images_from_where_signed_urls_lead(where):
    env = {
        "DJANGO_SETTINGS_MODULE": "ks_portal.settings",
        "MEDIA_BUCKET": "ks-media",
        "MEDIA_SENDFILE": "signed-url",
        **CREDENTIALS,
        **where,
    }

    result = run_python("-c", SIGNED_URL_ORIGIN_AND_POLICY, env=env)

    assert result.returncode == 0, result.stderr
    origin, images, options = json.loads(result.stdout)
    assert origin in images
    assert options["bucket_name"] == "ks-media"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 300
    assert options["file_overwrite"] is False


def test_without_a_bucket_media_stays_in_media_root():
    script = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; "
        "print(type(storages['default']).__name__)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ks_portal.settings"}
    result = run_python("-c", script, env=env)
    assert result.stdout.split() == ["FileSystemStorage"], result.stderr


# Backups ----------------------------------------------------------------------------------


def manage(*args, env):
    return run_python("manage.py", *args, env=env)


def test_backup_with_media_in_a_bucket_holds_the_database_and_says_so(
    migrated_sqlite,  # noqa: F811  (the fixture imported above)
    bucket,
    tmp_path,
):
    shutil.copy(migrated_sqlite, tmp_path / "portal.sqlite3")
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "MEDIA_BUCKET": bucket.name,
        "MEDIA_ENDPOINT_URL": bucket.endpoint,
        "MEDIA_REGION": REGION,
        **CREDENTIALS,
    }

    result = manage("backup", "--output", str(tmp_path / "backups"), env=env)

    assert result.returncode == 0, result.stderr
    assert "no media files" in result.stdout
    assert (
        f"Media files are not in this archive: they are kept in the bucket '{bucket.name}', "
        f"which is backed up by the object store's own versioning or replication."
    ) in result.stdout
    (archive,) = (tmp_path / "backups").glob("ks-portal-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["database.sqlite3", "manifest.json"]
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["media"] == {}
    assert manifest["media_storage"]["in_archive"] is False
    assert manifest["media_storage"]["where"] == f"the bucket '{bucket.name}'"
    assert "versioning or replication" in manifest["media_storage"]["note"]
    assert not (tmp_path / "media").exists()

    # Restored with the bucket: the database only, and the output says where media is.
    restored = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}"}
    result = manage("restore", str(archive), env=restored)
    assert result.returncode == 0, result.stderr
    assert "Restored and verified" in result.stdout
    assert f"Media files were not restored: they are kept in the bucket '{bucket.name}'" in (
        result.stdout
    )

    # Restored without a bucket: the output says the photos are not in the archive.
    on_disk = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'on-disk.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = manage("restore", str(archive), env=on_disk)
    assert result.returncode == 0, result.stderr
    assert (
        f"The archive holds no media files: when it was made they were kept in the bucket "
        f"'{bucket.name}'."
    ) in result.stdout


def test_restore_into_a_bucket_refuses_an_archive_with_media_files(s3_media, tmp_path):
    database_file = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
    name = database_file[connection.vendor]
    photo = b"a photo"
    manifest = {
        "format": 1,
        "database": {"vendor": connection.vendor, "file": name, "tables": {}},
        "migrations": [],
        "media": {"progress/2024/05/a.jpg": "0" * 64},
    }
    archive = tmp_path / "ks-portal-20261201-203000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in {
            name: b"",
            "manifest.json": json.dumps(manifest).encode(),
            "media/progress/2024/05/a.jpg": photo,
        }.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    with pytest.raises(
        BackupError, match=r"holds media files \(1\), but media is kept in the bucket"
    ):
        restore_backup(archive)

    assert s3_media.keys() == set()
