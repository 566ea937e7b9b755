import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from forums.uploads import remove_stale_uploads


class Command(BaseCommand):
    help = (
        "Remove the photos staff uploaded for a form they never saved, with their files: "
        "those older than PHOTO_UPLOAD_LIFETIME_HOURS (24 by default). Celery beat runs it "
        "hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.PHOTO_UPLOAD_LIFETIME_HOURS,
            help="Remove uploads older than this many hours.",
        )

    def handle(self, *args, hours, **options):
        removed = remove_stale_uploads(datetime.timedelta(hours=hours))
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"{removed} stale photo uploads removed."))
