"""Time and peak memory of checking and committing a 10,000-row import (XLSX).

    .venv/bin/python benchmarks/bulk_import.py [rows]

Runs against a fresh in-memory SQLite database (migrated here), with 200 forums in Kota
Solok and one operator; 5,000 activities of two funding lines each. Prints the file's size,
then for the check (preview) and the commit: seconds (and, with BENCH_TRACEMALLOC=1,
tracemalloc's peak in MB; else read the peak RSS from ``/usr/bin/time -v``).
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

if not os.environ.get("BENCH_TRACEMALLOC"):  # it slows Python several times; use time -v
    tracemalloc.start = tracemalloc.reset_peak = lambda: None
    tracemalloc.get_traced_memory = lambda: (0, 0)

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402


def main(rows=10_000):
    call_command("migrate", verbosity=0)
    from activities.importing import services
    from activities.models import Activity, FundingLine
    from forums.regions_loader import load_regions
    from tests.factories import ForumFactory, staff_user

    load_regions(regency_codes=["13.72"])
    operator = staff_user("operator", regencies=["13.72"], username="bench.operator")
    forums = [ForumFactory() for _n in range(200)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kegiatan")
    sheet.append(["Reference", "Forum", "Activity type", "Title", "Planned start",
                  "Funding source", "Budget year", "Budget (Rp)", "Spending (Rp)"])  # fmt: skip
    for number in range(rows):
        activity = number // 2
        sheet.append([
            f"B-{activity}", forums[activity % 200].pk, "Gedung serbaguna",
            f"Balai warga {activity}", "22/10/2018",
            "APBN" if number % 2 else "APBD provinsi", 2018, "Rp 150.000.000", 35_000_000,
        ])  # fmt: skip
    data = io.BytesIO()
    book.save(data)
    print(f"{rows} rows, file {len(data.getvalue()) / 1e6:.2f} MB")
    upload = SimpleUploadedFile("bench.xlsx", data.getvalue())
    with translation.override("id"), override_settings(IMPORT_JOB_MIN_ROWS=10**9):
        tracemalloc.start()
        started = time.perf_counter()
        batch = services.upload(user=operator, file=upload)
        seconds, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1] / 1e6
        to_create = batch.summary.get("create")
        print(f"check: {seconds:.1f} s, peak {peak:.0f} MB, {to_create} activities to create")
        tracemalloc.reset_peak()
        started = time.perf_counter()
        batch = services.commit(batch)
        seconds, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1] / 1e6
        counts = Activity.objects.count(), FundingLine.objects.count()
        print(f"commit: {seconds:.1f} s, peak {peak:.0f} MB, {counts} activities and lines")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
