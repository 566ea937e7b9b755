"""`manage.py backup` and `manage.py restore`: every table and every media file come back equal.

The commands run in subprocesses against real file (SQLite) or server (PostgreSQL)
databases, as an operator would run them: pytest's own SQLite test database lives in
memory and cannot be backed up. Tables are compared through the database's own catalog
(every table, not only Django's), rows ordered by all their columns.
"""

import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from ks_portal.backups import (
    BackupError,
    create_backup,
    database_state,
    extract_media,
    read_manifest,
    restore_backup,
)

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres", "pgsql"))

# pytest-django creates the test database only when some collected test is marked so;
# the SQLite template below copies it.
pytestmark = pytest.mark.django_db


def run(*args, database_url, media_root, check=True):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def manage(*args, **where):
    return run("manage.py", *args, **where)


def media_hashes(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


def sqlite_tables(path):
    """Every table of a SQLite file (sqlite_sequence included): schema, columns, rows."""
    database = sqlite3.connect(path)
    try:
        tables = {}
        listing = "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        for name, sql in database.execute(listing).fetchall():
            cursor = database.execute(f'SELECT * FROM "{name}" ORDER BY 1')
            columns = [column[0] for column in cursor.description]
            tables[name] = (sql, columns, sorted(cursor.fetchall(), key=repr))
        return tables
    finally:
        database.close()


def postgres_tables(url):
    """Every table of the public schema (columns and rows), and every sequence's position
    (so that new rows after a restore get new ids)."""
    import psycopg2

    database = psycopg2.connect(url)
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = {}
            for (name,) in sorted(cursor.fetchall()):
                cursor.execute(f'SELECT * FROM "{name}"')
                columns = [column.name for column in cursor.description]
                tables[name] = (columns, sorted(cursor.fetchall(), key=repr))
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
            return tables, cursor.fetchall()
    finally:
        database.close()


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory, django_db_setup, django_db_blocker):
    """A migrated SQLite file: a copy of the test database when that is SQLite (a fraction
    of a second, regions included), `manage.py migrate` otherwise."""
    path = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            return path
    manage("migrate", "--noinput", database_url=f"sqlite:///{path}", media_root=path.parent)
    return path


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory, migrated_sqlite):
    """A SQLite portal with a row in every table and photos, and its backup archive."""
    folder = tmp_path_factory.mktemp("source")
    source = {"database_url": f"sqlite:///{folder / 'portal.sqlite3'}", "media_root": folder / "m"}
    shutil.copy(migrated_sqlite, folder / "portal.sqlite3")
    run("-m", "tests.roundtrip_data", **source)
    manage("backup", "--output", str(folder / "backups"), **source)
    (archive,) = (folder / "backups").glob("ks-portal-*.tar.gz")
    return folder, source, archive


def test_sqlite_backup_restores_every_table_and_media_file_equal(sqlite_backup, tmp_path):
    folder, source, archive = sqlite_backup
    target = {"database_url": f"sqlite:///{tmp_path / 'new.sqlite3'}", "media_root": tmp_path / "m"}

    result = manage("restore", str(archive), **target)

    assert "Restored and verified" in result.stdout
    before, after = (
        sqlite_tables(folder / "portal.sqlite3"),
        sqlite_tables(tmp_path / "new.sqlite3"),
    )
    assert after == before
    assert all(rows for _, _, rows in before.values()), "every table holds data"
    assert media_hashes(tmp_path / "m") == media_hashes(folder / "m")
    assert len(media_hashes(folder / "m")) >= 7  # photos, thumbnails, a stray file
    files = len(media_hashes(folder / "m"))
    print(f"backup -> restore equal ({len(before)} tables, {files} media files)")


def test_the_archive_has_one_database_copy_the_media_and_a_manifest(sqlite_backup):
    folder, _, archive = sqlite_backup

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))

    assert archive.name.startswith("ks-portal-") and archive.stat().st_mode & 0o077 == 0
    assert sorted(n for n in names if not n.startswith("media/")) == [
        "database.sqlite3",
        "manifest.json",
    ]
    assert manifest["database"]["vendor"] == "sqlite"
    assert manifest["database"]["tables"]["forums_forum"] == 1
    assert "forums.0001_initial" in manifest["migrations"]
    assert manifest["media"] == media_hashes(folder / "m")
    assert manifest["created_at"].endswith("+07:00")


def table_counts():
    return database_state(connection)[0]


@pytest.mark.skipif(ON_POSTGRESQL, reason="the archive holds a SQLite database")
def test_restore_refuses_a_database_that_has_tables(sqlite_backup, tmp_path):
    _, _, archive = sqlite_backup
    before = table_counts()  # pytest's database, migrated

    with pytest.raises(BackupError, match="The configured database is not empty"):
        restore_backup(archive, media_root=tmp_path / "m")

    assert table_counts() == before
    assert not (tmp_path / "m").exists()


@pytest.mark.skipif(ON_POSTGRESQL, reason="the archive holds a SQLite database")
def test_restore_refuses_a_media_folder_that_holds_files(sqlite_backup, tmp_path):
    _, _, archive = sqlite_backup
    (tmp_path / "m" / "old").mkdir(parents=True)
    (tmp_path / "m" / "old" / "keep.jpg").write_bytes(b"a photo")

    with pytest.raises(BackupError, match="already holds files"):
        restore_backup(archive, media_root=tmp_path / "m")

    assert media_hashes(tmp_path / "m") == {"old/keep.jpg": hashlib.sha256(b"a photo").hexdigest()}


def test_restore_reports_counts_that_differ_from_the_manifest(sqlite_backup, tmp_path):
    _, _, archive = sqlite_backup
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"]["tables"]["forums_forum"] = 2
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    target = {"database_url": f"sqlite:///{tmp_path / 'new.sqlite3'}", "media_root": tmp_path / "m"}

    result = manage("restore", str(tampered), **target, check=False)

    assert result.returncode != 0
    assert "forums_forum: 1 instead of 2" in result.stderr


def test_backup_refuses_to_write_into_the_media_folder(tmp_path):
    # Media is served to the public; an archive there would be too.
    with pytest.raises(BackupError, match="outside MEDIA_ROOT"):
        create_backup(tmp_path / "m" / "backups", media_root=tmp_path / "m")

    assert not (tmp_path / "m").exists()


def _archive(tmp_path, members):
    path = tmp_path / "crafted.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return tarfile.open(path)


def test_restore_refuses_media_entries_that_leave_the_media_folder(tmp_path):
    tar = _archive(tmp_path, {"media/../escaped.txt": b"x"})

    with tar, pytest.raises(BackupError, match="unsafe archive entry"):
        extract_media(tar, {"../escaped.txt": hashlib.sha256(b"x").hexdigest()}, tmp_path / "m")

    assert not (tmp_path / "escaped.txt").exists()


def test_restore_refuses_an_archive_of_another_database_vendor(tmp_path):
    manifest = {"format": 1, "database": {"vendor": "postgresql", "file": "database.dump"}}
    manifest["media"] = {}
    tar = _archive(tmp_path, {"database.dump": b"", "manifest.json": json.dumps(manifest).encode()})

    with tar, pytest.raises(BackupError, match="holds a PostgreSQL database"):
        read_manifest(tar, "sqlite")


def test_restore_refuses_a_file_that_is_no_portal_archive(tmp_path):
    tar = _archive(tmp_path, {"notes.txt": b"hello"})

    with tar, pytest.raises(BackupError, match="no valid manifest"):
        read_manifest(tar, "sqlite")


@pytest.fixture
def postgres_databases():
    """Two new databases on the test server (source, target), dropped afterwards."""
    import psycopg2

    server = urlsplit(DATABASE_URL)
    prefix = f"{server.path.strip('/') or 'ks_portal'}_backup_{secrets.token_hex(4)}"
    names = [f"{prefix}_src", f"{prefix}_dst"]
    admin = psycopg2.connect(urlunsplit(server._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield [urlunsplit(server._replace(path=f"/{name}")) for name in names]
    finally:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs DATABASE_URL pointing to PostgreSQL")
def test_postgresql_backup_restores_every_table_and_media_file_equal(postgres_databases, tmp_path):
    source_url, target_url = postgres_databases
    source = {"database_url": source_url, "media_root": tmp_path / "source-media"}
    target = {"database_url": target_url, "media_root": tmp_path / "target-media"}
    manage("migrate", "--noinput", **source)
    run("-m", "tests.roundtrip_data", **source)
    manage("backup", "--output", str(tmp_path / "backups"), **source)
    (archive,) = (tmp_path / "backups").glob("ks-portal-*.tar.gz")

    result = manage("restore", str(archive), **target)

    assert "Restored and verified" in result.stdout
    (before, sequences), after = postgres_tables(source_url), postgres_tables(target_url)
    assert after == (before, sequences)
    assert all(rows for _, rows in before.values()), "every table holds data"
    assert any(position for _, position in sequences)
    assert media_hashes(target["media_root"]) == media_hashes(source["media_root"])
    assert len(media_hashes(source["media_root"])) >= 7
    with tarfile.open(archive) as tar:
        assert tar.extractfile("database.dump").read(5) == b"PGDMP"  # pg_dump custom format
    files = len(media_hashes(target["media_root"]))
    print(f"backup -> restore equal ({len(before)} tables, {files} media files)")
