import time

from django.core.management.base import BaseCommand

from reports.eligibility import update_eligibility


class Command(BaseCommand):
    help = (
        "Judge every programme village against the Desa Berketahanan Sosial rules and store "
        "the verdicts (with history). Celery beat runs it every night; run it after loading "
        "or importing data."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        eligible, changed = update_eligibility()
        self.stdout.write(
            self.style.SUCCESS(
                f"{eligible} eligible villages; {changed} verdicts changed, "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
