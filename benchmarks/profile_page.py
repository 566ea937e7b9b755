"""Profile one request of a page with pyinstrument, on an existing benchmark database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_bench_1 \\
        .venv/bin/python benchmarks/profile_page.py /reports/funding/ /news/

Each URL is requested once to warm up, then once under the profiler, through Django's
test client as an anonymous reader with the page cache off (what is measured is the
rendering). Prints pyinstrument's call tree, the time and the number of SQL queries.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--staff", help="profile as this signed-in user instead")
    parser.add_argument("--show-all", action="store_true", help="no trimming of the tree")
    args = parser.parse_args()
    # The benchmark's settings: no download limits (benchmarks/settings.py).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "profile-only")
    os.environ["PAGE_CACHE"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    client = Client()
    if args.staff:
        client.force_login(get_user_model().objects.get(username=args.staff))
    for url in args.urls:
        _consume(client.get(url))
        profiler = Profiler(interval=0.0005)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.start()
            response = client.get(url)
            _consume(response)
            profiler.stop()
            elapsed = (time.perf_counter() - started) * 1000
        print(f"\n=== {url}: HTTP {response.status_code}, {elapsed:.0f} ms, {len(queries)} queries")
        print(profiler.output_text(unicode=True, color=False, show_all=args.show_all))


def _consume(response):
    if response.streaming:
        for _ in response.streaming_content:
            pass


if __name__ == "__main__":
    main()
