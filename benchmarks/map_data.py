"""Size and time of the map's data on generated national data.

    .venv/bin/python benchmarks/map_data.py --scale 0.1      # SQLite file in /tmp
    .venv/bin/python benchmarks/map_data.py --reuse          # keep the data of the last run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_bench .venv/bin/python \\
        benchmarks/map_data.py --scale 0.1

Prints, per request, the response's bytes, its bytes gzipped (level 6, as a web server
compresses) and the median and 95th-percentile time through Django (test client, no
network, page cache off), and the number of SQL queries. The first request is the one
static/js/map.js makes on opening /map/ (zoom 5, the bounds of a wide screen around
Indonesia); then zoomed-in views of pins, the page itself and the API's GeoJSON pages.
Last, what a browser fetches to draw the first view (page, scripts, styles, the province
outlines and the first data), in bytes gzipped.
"""

import argparse
import gzip
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What map.js asks first: setView([-2.5, 118], 5) on a map about 1100 px by 500 px.
FIRST_VIEW = {"zoom": "5", "bbox": "93.833,-13.415,142.167,8.415"}
REQUESTS = {
    "map data, first view": ("/map/data.json", FIRST_VIEW),
    "map data, zoom 7": ("/map/data.json", {"zoom": "7", "bbox": "98.000,-3.000,104.000,1.500"}),
    "map data, zoom 9 pins": (
        "/map/data.json",
        {"zoom": "9", "bbox": "106.500,-7.200,108.000,-6.400"},
    ),
    "map data, first view 2019": ("/map/data.json", {**FIRST_VIEW, "year": "2019"}),
    "map data, zoom 12 pins": (
        "/map/data.json",
        {"zoom": "12", "bbox": "106.780,-6.250,106.900,-6.150"},
    ),
    "map page (HTML)": ("/map/", {}),
    "API GeoJSON, page 1": ("/api/activities/geojson/", {}),
    "API forums GeoJSON": ("/api/forums/geojson/", {}),
    "API GeoJSON, 2000 a page": ("/api/activities/geojson/", {"page_size": "2000"}),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.1, help="national data at this scale")
    parser.add_argument("--requests", type=int, default=20, help="requests per address")
    parser.add_argument("--reuse", action="store_true", help="keep the existing benchmark data")
    return parser.parse_args()


def main():
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/ks_portal_map_benchmark.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")
    import django
    from django.apps import apps

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.throttling import SimpleRateThrottle

    from activities.demo.national import generate_national_data
    from activities.models import Activity, Meeting
    from forums.models import Forum
    from forums.regions_loader import load_regions

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE = False  # what is timed is the work, not the cache
    SimpleRateThrottle.allow_request = lambda self, request, view: True
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        reference = importlib.import_module("activities.migrations.0002_reference_lists")
        reference.seed(apps, None)
        started = time.perf_counter()
        load_regions()
        print(f"regions loaded in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        generate_national_data(scale=args.scale, progress=False)
        print(f"national data at scale {args.scale:g} in {time.perf_counter() - started:.1f} s")

    placed = Activity.objects.public().exclude(latitude=None).count()
    forums = Forum.objects.published().exclude(latitude=None).count()
    print(
        f"\n{Forum.objects.count()} forums ({forums} published with coordinates), "
        f"{Activity.objects.count()} activities ({placed} published with coordinates), "
        f"{Meeting.objects.count()} meetings, on {connection.vendor}; "
        f"{args.requests} requests each\n"
    )
    header = f"{'request':<28}{'bytes':>10}{'gzipped':>10}{'median ms':>11}{'p95 ms':>9}"
    print(f"{header}{'queries':>9}")
    client = Client()
    sizes = {}
    for name, (url, params) in REQUESTS.items():
        timings = []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code} for {url}")
        body = response.content
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{name:<28}{len(body):>10}{len(gzip.compress(body, 6)):>10}"
            f"{statistics.median(timings):>11.1f}{p95:>9.1f}{len(queries):>9}"
        )
        sizes[name] = len(gzip.compress(body, 6))
    static = ROOT / "static"
    files = [
        "geo/indonesia.geojson",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.css",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
        "js/map.js",
        "css/map.css",
    ]
    assets = sum(len(gzip.compress((static / name).read_bytes(), 6)) for name in files)
    first = sizes["map page (HTML)"] + sizes["map data, first view"] + assets
    print(
        f"\nfirst view in the browser: {first} bytes gzipped (page, first data, "
        f"{len(files)} static files of which the province outlines "
        f"{len(gzip.compress((static / files[0]).read_bytes(), 6))}; "
        "the site's own CSS and JS not counted)"
    )


if __name__ == "__main__":
    main()
