import time

from django.core.management.base import BaseCommand

from activities.demo import DEFAULT_SAMPLE_FORUMS, DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = (
        "Load demo content: staff accounts for each role, the programme events of the seed "
        "documents (Babussalam, Tanah Garam in Kota Solok, Kota Baubau, Kabupaten "
        "Probolinggo) and generated sample forums marked as sample data. Needs the regions "
        "(`load_regions`). Safe to run again: only missing records are created."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample-forums",
            type=int,
            default=DEFAULT_SAMPLE_FORUMS,
            metavar="N",
            help=f"How many sample forums to generate (default {DEFAULT_SAMPLE_FORUMS}).",
        )

    def handle(self, *args, sample_forums, verbosity=1, **options):
        started = time.perf_counter()
        result = load_demo(
            sample_forums=sample_forums, stdout=self.stdout if verbosity > 1 else None
        )
        elapsed = time.perf_counter() - started
        if result.changed:
            for label, count in result.created.items():
                if count:
                    self.stdout.write(f"{label}: {count} created")
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f} s."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo content already loaded; nothing new created ({elapsed:.1f} s)."
                )
            )
        self.stdout.write("")
        self.stdout.write("Portal: http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)")
        self.stdout.write(f"Demo logins, password {DEMO_PASSWORD}:")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<20} {account.description}")
