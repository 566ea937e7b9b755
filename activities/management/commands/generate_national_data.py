from django.core.management.base import BaseCommand

from activities.demo.national import generate_national_data


class Command(BaseCommand):
    help = (
        "Generate programme data at national size for benchmarks: at --scale 1, 10,000 forums "
        "in proportion to each province's villages, 200,000 activities (about 2.5 funding "
        "lines each), 40,000 meetings, about 100,000 progress reports, 50,000 news posts and "
        "1,000 staff accounts, all marked as sample data. Needs the regions (`load_regions`). "
        "Refuses a database that holds forums, activities or posts unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = national size")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete existing forums, activities, meetings and posts first",
        )
        parser.add_argument(
            "--staff-password",
            default=None,
            help="one password for every generated staff account (default: none can log in)",
        )

    def handle(self, *args, scale, seed, replace, staff_password, verbosity=1, **options):
        result = generate_national_data(
            scale=scale,
            seed=seed,
            replace=replace,
            password=staff_password,
            progress=verbosity > 0,
        )
        for label, count in result.created.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated scale {scale:g} data in {result.seconds:.1f} s.")
        )
