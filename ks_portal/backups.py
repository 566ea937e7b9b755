"""One-archive backups of the database and the media files, and their restore.

An archive (``ks-portal-YYYYmmdd-HHMMSS.tar.gz``) holds:

- ``database.dump``: ``pg_dump --format=custom`` on PostgreSQL, taken inside an exported
  snapshot so that the row counts in the manifest are those of the dump, whatever the
  portal writes meanwhile; or ``database.sqlite3``: a copy made with SQLite's online
  backup API, consistent while the portal runs;
- ``media/…``: every file under MEDIA_ROOT;
- ``manifest.json``: when, which database vendor, the applied migrations, the row count of
  every table and the sha256 of every media file.

A restore goes only into an empty database and an empty media folder (it never merges
into or overwrites live data), then checks every count and checksum against the manifest.
The management commands ``backup`` and ``restore`` are thin wrappers over these functions.

With media in a bucket (``MEDIA_BUCKET``) an archive holds the database only: copying the
bucket through the portal would be slow, and the object store keeps its own copies
(versioning, replication). The manifest's ``media_storage`` and the commands' output say
so, rather than an archive without photos passing for a whole backup.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from .backup_database import (
    BackupError,
    copy_sqlite,
    database_state,
    dump_postgresql,
    require_empty_database,
    restore_postgresql,
    restore_sqlite,
)
from .health import pending_migrations

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDORS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Summary:
    archive: Path
    tables: int
    rows: int
    media_files: int
    pending_migrations: int = 0
    # Set when media files are not in the archive (or were not restored): where they are.
    media_note: str = ""


def default_backup_dir():
    return Path(settings.BASE_DIR) / "backups"


def media_elsewhere():
    """Where media files live when the default storage is not MEDIA_ROOT on this machine
    ("the bucket 'ks-media'"), or "" when they are under MEDIA_ROOT."""
    if isinstance(default_storage, FileSystemStorage):
        return ""
    bucket = getattr(default_storage, "bucket_name", "")
    return f"the bucket {bucket!r}" if bucket else f"the storage {type(default_storage).__name__}"


def _backup_media_note(where):
    return (
        f"Media files are not in this archive: they are kept in {where}, which is backed up "
        f"by the object store's own versioning or replication."
    )


# --- Backup ----------------------------------------------------------------------------


def create_backup(output_dir=None, *, using=DEFAULT_DB_ALIAS, media_root=None, now=None):
    """Write one archive into ``output_dir`` (default ``backups/``); return its Summary."""
    output_dir = Path(output_dir or default_backup_dir())
    elsewhere = "" if media_root else media_elsewhere()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    settings_dict = connections[using].settings_dict
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    if not elsewhere and (
        output_dir.resolve() == media_root.resolve()
        or media_root.resolve() in output_dir.resolve().parents
    ):
        raise BackupError(f"Write backups outside MEDIA_ROOT ({media_root}): media is served.")
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)

    moment = timezone.localtime(now)
    archive = _new_archive_path(output_dir, moment)
    partial = archive.with_name(archive.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
            dump = Path(work) / DATABASE_FILES[vendor]
            if vendor == "postgresql":
                tables, migrations = dump_postgresql(settings_dict, dump)
            else:
                tables, migrations = copy_sqlite(settings_dict, dump)
            # Owner only: the archive holds password hashes and personal data.
            with _private_file(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(dump, arcname=dump.name, filter=_owner_only)
                media = {} if elsewhere else add_media(tar, media_root)
                manifest = {
                    "format": FORMAT,
                    "created_at": moment.isoformat(timespec="seconds"),
                    "django": django.get_version(),
                    "database": {"vendor": vendor, "file": dump.name, "tables": tables},
                    "migrations": migrations,
                    "media": media,
                    "media_storage": _media_storage_entry(elsewhere),
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    except BaseException:
        # A half-written archive must never look like a backup.
        partial.unlink(missing_ok=True)
        raise
    partial.rename(archive)
    note = _backup_media_note(elsewhere) if elsewhere else ""
    return Summary(archive, len(tables), sum(tables.values()), len(media), media_note=note)


def _media_storage_entry(elsewhere):
    if not elsewhere:
        return {"in_archive": True, "where": "MEDIA_ROOT"}
    return {"in_archive": False, "where": elsewhere, "note": _backup_media_note(elsewhere)}


def _new_archive_path(output_dir, moment):
    stem = f"ks-portal-{moment:%Y%m%d-%H%M%S}"
    candidate, number = output_dir / f"{stem}.tar.gz", 1
    while candidate.exists():
        number += 1
        candidate = output_dir / f"{stem}-{number}.tar.gz"
    return candidate


def _private_file(path):
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _owner_only(info):
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, file):
        self.file, self.sha256 = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def add_media(tar, media_root):
    """Add every regular file under ``media_root`` as ``media/<path>``; return their sha256
    by relative path. Files that vanish meanwhile (a deleted upload) are left out."""
    hashes = {}
    if not media_root.is_dir():
        return hashes
    for folder, dirs, files in os.walk(media_root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(media_root).as_posix()
            try:
                with path.open("rb") as file:
                    stat = os.fstat(file.fileno())
                    info = tarfile.TarInfo(f"{MEDIA}/{relative}")
                    info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o644
                    reader = _HashingReader(file)
                    tar.addfile(info, reader)
            except FileNotFoundError:
                continue
            hashes[relative] = reader.sha256.hexdigest()
    return hashes


# --- Restore ---------------------------------------------------------------------------


def restore_backup(archive, *, using=DEFAULT_DB_ALIAS, media_root=None):
    """Restore ``archive`` into the configured database and MEDIA_ROOT, both empty, then
    check every table's row count and every media file's sha256 against the manifest."""
    archive = Path(archive)
    elsewhere = "" if media_root else media_elsewhere()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connection = connections[using]
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    with _open_archive(archive) as tar, tempfile.TemporaryDirectory(prefix="ks-restore-") as work:
        manifest, database_member = read_manifest(tar, connection.vendor)
        if elsewhere and manifest["media"]:
            # Writing them into the bucket through the storage API could rename them
            # (it never overwrites), and the restored rows would point at the old names.
            raise BackupError(
                f"The archive holds media files ({len(manifest['media'])}), but media is kept in "
                f"{elsewhere} (MEDIA_BUCKET). Restore without MEDIA_BUCKET, into an empty "
                f"MEDIA_ROOT, then copy that folder into the bucket under the same names "
                f"(for example `aws s3 sync`)."
            )
        if not elsewhere:
            _require_empty_media(media_root)
        require_empty_database(connection)
        dump = Path(work) / database_member.name
        with tar.extractfile(database_member) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        connection.close()
        if connection.vendor == "postgresql":
            restore_postgresql(connection.settings_dict, dump)
        else:
            restore_sqlite(connection.settings_dict, dump)
        if not elsewhere:
            extract_media(tar, manifest["media"], media_root)
    connection.close()
    counts, _ = database_state(connection)
    expected = manifest["database"]["tables"]
    if counts != expected:
        differences = ", ".join(
            f"{table}: {counts.get(table, 'missing')} instead of {expected.get(table, 'none')}"
            for table in sorted(set(counts) | set(expected))
            if counts.get(table) != expected.get(table)
        )
        raise BackupError(f"The restored database differs from the manifest: {differences}.")
    return Summary(
        archive,
        len(counts),
        sum(counts.values()),
        len(manifest["media"]),
        len(pending_migrations(connection)),
        media_note=_restore_media_note(manifest, elsewhere, media_root),
    )


def _restore_media_note(manifest, elsewhere, media_root):
    if elsewhere:
        return (
            f"Media files were not restored: they are kept in {elsewhere}; if photos are "
            f"missing, recover them there from the object store's versions or replica."
        )
    stored = manifest.get("media_storage") or {}
    if stored.get("in_archive") is False:
        return (
            f"The archive holds no media files: when it was made they were kept in "
            f"{stored.get('where', 'a bucket')}. Copy them from there into {media_root}."
        )
    return ""


@contextmanager
def _open_archive(path):
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            yield tar
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise BackupError(f"{path} is not a readable portal backup archive ({error}).") from None


def read_manifest(tar, vendor):
    """The manifest and the database member of an archive, after checking that the archive
    is complete and fits the configured database."""
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
        database = manifest["database"]
        database_member = tar.getmember(database["file"])
        media = manifest["media"]
        manifest_format = manifest["format"]
    except (KeyError, TypeError, ValueError, tarfile.TarError):
        raise BackupError("The archive has no valid manifest; it is not a portal backup.") from None
    if manifest_format != FORMAT:
        raise BackupError(f"Unknown archive format {manifest_format!r} (expected {FORMAT}).")
    if database["vendor"] != vendor:
        held = VENDORS.get(database["vendor"], database["vendor"])
        raise BackupError(
            f"The archive holds a {held} database, but the configured one is "
            f"{VENDORS.get(vendor, vendor)}: restore it into a {held} database."
        )
    if not database_member.isfile() or database_member.name != DATABASE_FILES[vendor]:
        raise BackupError("The database file in the archive is not a plain file.")
    media_members = {
        member.name.removeprefix(f"{MEDIA}/")
        for member in tar.getmembers()
        if member.name.startswith(f"{MEDIA}/")
    }
    if media_members != set(media):
        raise BackupError("The media files in the archive do not match its manifest.")
    return manifest, database_member


def _require_empty_media(media_root):
    if media_root.exists() and not media_root.is_dir():
        raise BackupError(f"MEDIA_ROOT {media_root} is not a folder.")
    if media_root.is_dir() and any(p.is_file() or p.is_symlink() for p in media_root.rglob("*")):
        raise BackupError(
            f"The media folder {media_root} already holds files. Restore only goes into an "
            f"empty media folder: move them away and run restore again."
        )


def extract_media(tar, expected, media_root):
    """Write every ``media/…`` member under ``media_root``, refusing any path that would
    leave it, and check each file's sha256 against ``expected``."""
    root = media_root.resolve()
    for member in tar.getmembers():
        if not member.name.startswith(f"{MEDIA}/"):
            continue
        relative = PurePosixPath(member.name.removeprefix(f"{MEDIA}/"))
        unsafe = not member.isfile() or relative.is_absolute() or ".." in relative.parts
        target = root / relative
        if unsafe or root not in target.resolve().parents:
            raise BackupError(f"Refusing the unsafe archive entry {member.name!r}.")
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with tar.extractfile(member) as source, target.open("xb") as file:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                file.write(chunk)
        os.utime(target, (member.mtime, member.mtime))
        if digest.hexdigest() != expected.get(str(relative)):
            raise BackupError(f"The media file {relative} does not match its checksum.")


def describe(summary):
    size = summary.archive.stat().st_size / 1e6
    media = "no media files" if summary.media_note else f"{summary.media_files} media files"
    return (
        f"{summary.archive}: {summary.tables} tables, {summary.rows} rows, {media} ({size:.1f} MB)"
    )
