from django.core.management.base import BaseCommand, CommandError

from ks_portal.backups import BackupError, describe, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the configured database and MEDIA_ROOT. "
        "Both must be empty (a new database, an empty media folder); every table's row count "
        "and every media file's checksum are then checked against the archive's manifest. "
        "With media in a bucket (MEDIA_BUCKET), the database only."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive written by `backup`.")

    def handle(self, *args, archive, **options):
        try:
            summary = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored and verified: {describe(summary)}"))
        if summary.media_note:
            self.stdout.write(self.style.WARNING(summary.media_note))
        if summary.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"{summary.pending_migrations} migrations are newer than the backup: "
                    f"run `manage.py migrate`."
                )
            )
