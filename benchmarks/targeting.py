"""Time of the targeting, resilience and Desa Berketahanan Sosial work on national data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ks_bench .venv/bin/python \\
        benchmarks/targeting.py --scale 1          # generates the national data first
    DATABASE_URL=... .venv/bin/python benchmarks/targeting.py --reuse   # data already there

The national generator makes forums, activities, funding, meetings and news, not follow-up
checks or resilience profiles; this script adds them first, the way the demo does (every
due check of the published completed physical works, a baseline and a follow-up profile of
every village with a published forum), with bulk inserts. Then it prints how long
``update_eligibility`` takes (the nightly job: first run, and a second that finds nothing
changed), and the median and 95th-percentile time and the SQL queries of the pages and API
addresses that read these figures (test client, page cache off).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REQUESTS = {
    "targeting page": ("/reports/targeting/", {}),
    "eligibility list": ("/reports/eligibility/", {}),
    "eligibility, one province": ("/reports/eligibility/", {"province": "32"}),
    "eligibility CSV (all)": ("/reports/eligibility.csv", {}),
    "region page, Jawa Barat": ("/regions/32/", {}),
    "API eligibility counts": ("/api/eligibility/counts/", {}),
    "API resilience summary": ("/api/resilience/summary/", {}),
    "staff dashboard (admin)": ("/staff/", {}),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=0.1, help="national data at this scale")
    parser.add_argument("--requests", type=int, default=10, help="requests per address")
    parser.add_argument("--reuse", action="store_true", help="keep the existing national data")
    return parser.parse_args()


def add_followups_and_profiles():
    """Checks and profiles as the demo makes them, inserted in bulk (no history rows)."""
    from django.utils import timezone

    from activities.followups import MONTHS, add_months, completed_works
    from activities.models import Activity, FollowUpCheck
    from forums.models import (
        Forum,
        ResilienceAssessment,
        ResilienceIndicator,
        ResilienceScore,
        State,
        Village,
    )

    today, now = timezone.localdate(), timezone.now()
    stamp = {"state": State.PUBLISHED, "published_at": now, "is_sample": True}
    FollowUpCheck.objects.all().delete()
    ResilienceAssessment.objects.all().delete()
    works = completed_works(Activity.objects.filter(state=State.PUBLISHED))
    checks = []
    for index, (pk, end) in enumerate(works.values_list("pk", "actual_end").iterator()):
        if index % 7 == 5:
            continue
        for months in MONTHS:
            due = add_months(end, months)
            if due <= today:
                damaged = months == 12 and index % 7 == 3
                checks.append(
                    FollowUpCheck(
                        activity_id=pk,
                        months_after=months,
                        checked_on=min(due + datetime.timedelta(days=10), today),
                        condition="major_damage" if damaged else "good",
                        **stamp,
                    )
                )
    FollowUpCheck.objects.bulk_create(checks, batch_size=5000)
    indicators = list(ResilienceIndicator.objects.filter(is_active=True).order_by("code"))
    codes = list(
        Village.objects.filter(
            code__in=Forum.objects.filter(state=State.PUBLISHED).values("village_id")
        ).values_list("code", flat=True)
    )
    profiles = []
    for code in codes:
        for phase, day in (("baseline", datetime.date(2019, 2, 15)), ("follow_up", today)):
            profiles.append(
                ResilienceAssessment(
                    village_id=code, phase=phase, assessed_on=day, assessor="Tim", **stamp
                )
            )
    ResilienceAssessment.objects.bulk_create(profiles, batch_size=5000)
    scores = []
    for assessment in ResilienceAssessment.objects.only("pk", "village_id", "phase").iterator():
        seed = zlib.crc32(assessment.village_id.encode())
        for shift, indicator in enumerate(indicators):
            score = 2 + (seed >> shift) % 2
            if assessment.phase == "follow_up" and seed % 6 != 1:
                score = min(score + 1, 5)
            scores.append(
                ResilienceScore(assessment_id=assessment.pk, indicator=indicator, score=score)
            )
    ResilienceScore.objects.bulk_create(scores, batch_size=10000)
    return len(checks), len(profiles), len(scores)


def main():
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/ks_portal_targeting_benchmark.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.throttling import SimpleRateThrottle

    from activities.demo.national import generate_national_data
    from activities.models import Activity
    from forums.models import Forum, Village
    from forums.regions_loader import load_regions
    from reports.eligibility import programme_villages, update_eligibility, village_facts

    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE = False
    SimpleRateThrottle.allow_request = lambda self, request, view: True
    if not args.reuse:
        call_command("migrate", verbosity=0)
        load_regions()
        started = time.perf_counter()
        generate_national_data(scale=args.scale, replace=True, progress=False)
        print(f"national data at scale {args.scale:g} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    checks, profiles, scores = add_followups_and_profiles()
    print(
        f"{checks} follow-up checks, {profiles} profiles, {scores} scores added in "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(
        f"\n{Forum.objects.count()} forums, {Activity.objects.count()} activities, "
        f"{programme_villages().count()} programme villages of {Village.objects.count()}, "
        f"on {connection.vendor}\n"
    )
    for label in ("village_facts, every programme village",):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            facts = village_facts(programme_villages())
            seconds = time.perf_counter() - started
        print(f"{label}: {len(facts)} villages in {seconds:.2f} s, {len(queries)} queries")
    for run in ("first", "second"):
        started = time.perf_counter()
        eligible, changed = update_eligibility()
        print(
            f"update_eligibility, {run} run: {eligible} eligible, {changed} verdicts written, "
            f"{time.perf_counter() - started:.1f} s"
        )

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("bench.admin", "", "bench-pass-1")
    client = Client()
    print(f"\n{'request':<30}{'bytes':>10}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    for name, (url, params) in REQUESTS.items():
        if url.startswith("/staff/"):
            client.force_login(admin)
        timings = []
        for _ in range(args.requests):
            reset_queries()  # the nightly job above filled the log: count afresh
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code} for {url}")
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{name:<30}{len(response.content):>10}{statistics.median(timings):>11.1f}"
            f"{p95:>9.1f}{len(queries):>9}"
        )


if __name__ == "__main__":
    main()
