import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help=(
                "Load the demo content even though DEBUG is off. Without it the command "
                "refuses: the demo accounts' password is printed in the README."
            ),
        )

    def handle(self, *args, sample_forums, allow_production=False, verbosity=1, **options):
        if not settings.DEBUG and not allow_production:
            # In English and Indonesian: whoever runs it on a server reads one of the two.
            raise CommandError(
                "DEBUG is off, so this looks like a production server: the demo content "
                f"would create staff accounts whose password ({DEMO_PASSWORD}) is public. "
                "Nothing was loaded. Add --allow-production if you really mean it.\n"
                "DEBUG mati, jadi ini tampaknya server produksi: data demo akan membuat akun "
                f"staf dengan kata sandi yang diketahui umum ({DEMO_PASSWORD}). Tidak ada yang "
                "dimuat. Tambahkan --allow-production jika memang dikehendaki."
            )
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
