from django.core.management.base import BaseCommand, CommandError

from ks_portal.backups import BackupError, create_backup, default_backup_dir, describe


class Command(BaseCommand):
    help = (
        "Write one timestamped archive (ks-portal-YYYYmmdd-HHMMSS.tar.gz) with the database "
        "(pg_dump on PostgreSQL, SQLite's online backup otherwise), every media file and a "
        "manifest of row counts and checksums. Safe while the portal runs. With media in a "
        "bucket (MEDIA_BUCKET), the database only: the object store keeps the photos."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help=f"Folder for the archive (default: {default_backup_dir()}).",
        )

    def handle(self, *args, output=None, **options):
        try:
            summary = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written: {describe(summary)}"))
        if summary.media_note:
            self.stdout.write(self.style.WARNING(summary.media_note))
