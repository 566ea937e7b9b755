"""Big downloads are drawn by background jobs: a job page with progress, then the file,
kept for a while for whoever asked (reports/jobs.py)."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from forums.models import State
from ks_portal.celery import app as celery_app
from reports import drawing, jobs
from reports.models import ExportJob

from .factories import UserFactory
from .funding_data import csv_rows, funded_activity, xlsx_rows
from .test_reports_exports import staff

pytestmark = pytest.mark.django_db

CSV = reverse("funding_csv")
XLSX = reverse("funding_xlsx")
PDF = reverse("activity_register_pdf")


@pytest.fixture
def lines():
    """Three published funding lines in two activities, and a draft one."""
    funded_activity([("apbn", 2019, 10_000_000, 4_000_000), ("self-help", 2020, 5_000_000, 0)])
    funded_activity([("apbn", 2020, 20_000_000, 0)], title="Seminar Kebangsaan")
    funded_activity([("apbn", 2019, 7_000_000, 0)], state=State.DRAFT, title="Rahasia")


@pytest.fixture
def small_threshold(settings):
    """Every download of a row or more becomes a job."""
    settings.EXPORT_JOB_MIN_ROWS = 0
    settings.REGISTER_PDF_JOB_MIN_ROWS = 0


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what is handed to the workers on commit (the test's transaction never commits).
    With no broker configured (the tests), the job then runs inline."""

    def asked(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.get(url, data or {})

    return asked


def _downloaded(client, job):
    response = client.get(reverse("export_job_download", args=[job.pk]))
    assert response.status_code == 200
    return response


def test_a_small_download_is_drawn_in_the_request(client, lines):
    response = client.get(CSV)

    assert response.status_code == 200
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize("url, kind", [(CSV, "csv"), (XLSX, "xlsx")])
def test_a_big_download_becomes_a_job_whose_file_is_the_same(
    client, settings, lines, small_threshold, run_on_commit, url, kind
):
    response = run_on_commit(client, url, {"year": "2019"})

    job = ExportJob.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("export_job", args=[job.pk])
    assert (job.kind, job.query, job.rows, job.user) == (kind, "year=2019", 1, None)
    assert job.status == ExportJob.Status.DONE
    assert job.stored_name.startswith(f"exports/{job.pk}/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("export_job_download", args=[job.pk]) in page.content.decode()
    file = _downloaded(client, job)
    assert f'filename="{job.filename}"' in file["Content-Disposition"]
    settings.EXPORT_JOB_MIN_ROWS = 1000  # the same download, drawn in the request
    direct = client.get(url, {"year": "2019"})
    if kind == "csv":
        assert csv_rows(file) == csv_rows(direct)
    else:
        assert xlsx_rows(file) == xlsx_rows(direct)


def test_a_big_pdf_register_becomes_a_job(client, lines, small_threshold, run_on_commit):
    pytest.importorskip("weasyprint")

    response = run_on_commit(client, PDF)

    job = ExportJob.objects.get()
    assert response.status_code == 303
    assert (job.kind, job.rows, job.status) == ("pdf", 2, ExportJob.Status.DONE)
    file = _downloaded(client, job)
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    assert file["Content-Type"] == "application/pdf"


def test_the_job_page_shows_the_progress_while_the_worker_draws(
    client, lines, small_threshold, run_on_commit
):
    # With a broker, the request only queues the job (here in memory): nothing is drawn.
    broker = celery_app.conf.broker_url
    celery_app.conf.update(task_always_eager=False, broker_url="memory://")
    try:
        response = run_on_commit(client, CSV)
    finally:
        celery_app.conf.update(task_always_eager=True, broker_url=broker)
    job = ExportJob.objects.get()
    assert response.status_code == 303
    assert job.status == ExportJob.Status.QUEUED
    jobs._Progress(job.pk)(2)  # the worker has written two of the three lines

    state = client.get(reverse("export_job_status", args=[job.pk])).json()
    page = client.get(reverse("export_job", args=[job.pk]))

    assert state == {
        "status": "queued",
        "label": "menunggu giliran",
        "progress": 67,
        "download": None,
    }
    assert 'value="67"' in page.content.decode()
    assert "no-store" in page["Cache-Control"]  # never from the page cache
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 302

    jobs.run_export_job(str(job.pk))  # what the worker does

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert client.get(reverse("export_job_status", args=[job.pk])).json()["progress"] == 100
    assert len(csv_rows(_downloaded(client, job))) == 1 + 3 + 1


def test_the_same_public_download_reuses_the_job_until_public_data_changes(
    client, lines, small_threshold, run_on_commit
):
    first = run_on_commit(client, CSV)
    again = run_on_commit(client, CSV)
    assert first["Location"] == again["Location"]
    assert ExportJob.objects.count() == 1

    # Publishing something changes the public data: the next reader gets a fresh file.
    funded_activity([("apbn", 2021, 1_000_000, 0)], title="Baru")
    fresh = run_on_commit(client, CSV)

    assert fresh["Location"] != first["Location"]
    assert len(csv_rows(_downloaded(client, ExportJob.objects.latest("created_at")))) == 6


def test_a_staff_job_holds_their_scope_and_is_theirs_alone(
    client, lines, small_threshold, run_on_commit
):
    operator = staff("operator", regencies=["13.72"])
    client.force_login(operator)
    run_on_commit(client, CSV)
    job = ExportJob.objects.get()
    assert job.user == operator
    assert "Rahasia" in [row[10] for row in csv_rows(_downloaded(client, job))]

    client.force_login(UserFactory())
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 404
    client.logout()
    for name in ["export_job", "export_job_status", "export_job_download"]:
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_an_expired_job_says_so_and_is_removed_with_its_file(
    client, lines, small_threshold, run_on_commit
):
    run_on_commit(client, CSV)
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    page = client.get(reverse("export_job", args=[job.pk]))
    assert "tidak disimpan lagi" in page.content.decode()
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 302
    assert default_storage.exists(job.stored_name)

    assert jobs.remove_expired_exports() == 1

    assert not ExportJob.objects.exists()
    assert not default_storage.exists(job.stored_name)


def test_a_failed_job_is_shown_as_failed(
    client, lines, small_threshold, run_on_commit, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(drawing.DRAWERS, "csv", broken)

    response = run_on_commit(client, CSV)

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "tidak dapat disiapkan" in page.content.decode()


def test_an_unknown_job_answers_404(client):
    assert client.get(reverse("export_job", args=[ExportJob().pk])).status_code == 404
