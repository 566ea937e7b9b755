import time

from django.core.management.base import BaseCommand

from reports.figures import rebuild


class Command(BaseCommand):
    help = (
        "Compute the funding figures (public budget, spending and counts per regency, activity "
        "type, funding source and budget year) again from the published funding lines. The "
        "portal keeps them up to date itself; run this after writing to the database behind "
        "its back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--regency",
            action="append",
            dest="regencies",
            metavar="CODE",
            help="Only this regency (e.g. 13.72); may be given several times.",
        )

    def handle(self, *args, regencies=None, **options):
        started = time.perf_counter()
        count = rebuild(regencies)
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} funding figures written in {time.perf_counter() - started:.1f} s."
            )
        )
