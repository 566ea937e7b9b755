"""Copies of the configured database for backups, per vendor, and their restore.

PostgreSQL: ``pg_dump --format=custom`` inside an exported REPEATABLE READ snapshot, in
which the rows are also counted, so that the counts describe the dump exactly; restored
with ``pg_restore --no-owner --no-privileges`` in one transaction. SQLite: SQLite's online
backup API, consistent while the portal writes, counted on the copy; restored through
the same API into the configured file. Used by ``ks_portal.backups``.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def _side_connection(settings_dict, **changes):
    """A Django connection of its own, outside any transaction of the default one."""
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper({**settings_dict, **changes}, alias="ks_portal_backup")


def database_state(connection):
    """(row count per table, applied migrations) as Django sees the database."""
    quote = connection.ops.quote_name
    counts, migrations = {}, []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
        # Plain SQL, not MigrationRecorder: the ORM only runs on registered connections.
        if MigrationRecorder.Migration._meta.db_table in counts:
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    return counts, migrations


def _sqlite_file(settings_dict):
    name = str(settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def copy_sqlite(settings_dict, target):
    source_path = _sqlite_file(settings_dict)
    if not source_path.is_file():
        raise BackupError(f"There is no SQLite database at {source_path}.")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    # Counted on the copy: exactly what the archive holds.
    connection = _side_connection(settings_dict, NAME=str(target))
    try:
        return database_state(connection)
    finally:
        connection.close()


def _pg_environment(settings_dict):
    """Connection options for pg_dump and pg_restore as Django's own dbshell gives psql
    (password, service, SSL files through PG* variables), and the arguments."""
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = []
    for option, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT")):
        if settings_dict.get(key):
            args.append(f"{option}={settings_dict[key]}")
    return args, {**os.environ, **(env or {})}


def _run(command, env, what):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install the PostgreSQL client programs "
            f"(Debian: apt-get install postgresql-client)."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed:\n{result.stderr.strip()}")


def dump_postgresql(settings_dict, target):
    connection = _side_connection(settings_dict)
    try:
        connection.ensure_connection()
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        state = database_state(connection)
        args, env = _pg_environment(settings_dict)
        _run(
            [
                "pg_dump", "--no-password", "--format=custom", f"--snapshot={snapshot}",
                f"--file={target}", *args, f"--dbname={settings_dict['NAME']}",
            ],
            env,
            "pg_dump",
        )  # fmt: skip
        connection.rollback()
        return state
    finally:
        connection.close()


def require_empty_database(connection):
    try:
        tables = connection.introspection.table_names()
    except Exception as error:
        raise BackupError(f"Cannot open the configured database: {error}") from None
    if tables:
        raise BackupError(
            f"The configured database is not empty ({len(tables)} tables, e.g. {tables[0]}). "
            f"Restore only goes into an empty database: create a new one (PostgreSQL: "
            f"dropdb/createdb; SQLite: move the file away) and run restore again."
        )


def restore_postgresql(settings_dict, dump):
    args, env = _pg_environment(settings_dict)
    _run(
        [
            "pg_restore", "--no-password", "--no-owner", "--no-privileges", "--exit-on-error",
            "--single-transaction", *args, f"--dbname={settings_dict['NAME']}", str(dump),
        ],
        env,
        "pg_restore",
    )  # fmt: skip


def restore_sqlite(settings_dict, dump):
    # The online backup API in reverse: pages go into the configured file through SQLite,
    # so an existing (empty) file and its WAL are handled by SQLite itself.
    source = sqlite3.connect(dump)
    target = sqlite3.connect(_sqlite_file(settings_dict), timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
