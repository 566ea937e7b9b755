"""Time the public pages on a database filled with generated programme data.

    .venv/bin/python benchmarks/pages.py                # SQLite file in /tmp, 300 sample forums
    .venv/bin/python benchmarks/pages.py --forums 1000 --requests 30
    .venv/bin/python benchmarks/pages.py --scale 0.1    # national data (generate_national_data)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_bench .venv/bin/python benchmarks/pages.py

Prints, per page, the median and 95th-percentile time of a request through Django
(test client, no network) and the number of SQL queries. It builds its own
database (regions, demo content, and N sample forums or, with --scale, the national
data of ``generate_national_data``) unless --reuse is given.
"""

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forums", type=int, default=300, help="sample forums to generate")
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="generate national data at this scale (1 = 10,000 forums) instead of --forums",
    )
    parser.add_argument("--requests", type=int, default=20, help="requests per page")
    parser.add_argument("--reuse", action="store_true", help="keep the existing benchmark data")
    return parser.parse_args()


def main():
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/ks_portal_benchmark.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")
    os.environ.setdefault("MEDIA_ROOT", "/tmp/ks_portal_benchmark_media")
    import django
    from django.apps import apps

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from rest_framework.throttling import SimpleRateThrottle

    from activities.demo import load_demo
    from activities.demo.national import generate_national_data
    from activities.models import Activity
    from benchmarks.tasks import public_pages
    from forums.models import Forum, Post
    from forums.regions_loader import load_regions

    settings.ALLOWED_HOSTS = ["*"]
    # One client asking for every download: no download limits, and the XLSX of everything.
    settings.EXPORT_RATE = settings.REGISTER_PDF_RATE = ""
    settings.EXPORT_XLSX_MAX_ROWS = 10_000_000
    settings.PAGE_CACHE = False  # what is timed is the rendering (make bench times the cache)
    # The API throttles anonymous clients; the benchmark measures the work, not the limit.
    SimpleRateThrottle.allow_request = lambda self, request, view: True
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        # flush also empties the reference lists that a data migration seeded
        reference = importlib.import_module("activities.migrations.0002_reference_lists")
        reference.seed(apps, None)
        started = time.perf_counter()
        load_regions()
        print(f"regions loaded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        if args.scale:
            generate_national_data(scale=args.scale)
            print(f"national data at scale {args.scale:g} in {time.perf_counter() - started:.1f} s")
            load_demo(sample_forums=0, pictures=False)
        else:
            load_demo(sample_forums=args.forums, pictures=False)
            print(f"demo + {args.forums} sample forums in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            # Fresh tables have no planner statistics yet; production ones do.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    pages = dict(public_pages()[0])
    pages.update(
        {
            "news list, filtered": reverse("news_list") + "?province=13&q=forum",
            "funding CSV (all)": reverse("funding_csv"),
            "funding XLSX (all)": reverse("funding_xlsx"),
        }
    )
    print(
        f"\n{Forum.objects.count()} forums, {Activity.objects.count()} activities, "
        f"{Post.objects.count()} posts on {connection.vendor}; {args.requests} requests per page\n"
    )
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    client = Client()
    for name, url in pages.items():
        timings = []
        for _ in range(args.requests):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code} for {url}")
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{name:<28}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()
