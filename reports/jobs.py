"""Downloads too big to draw inside a web request, drawn as background jobs.

A CSV or XLSX of more than ``EXPORT_JOB_MIN_ROWS`` funding lines, or a PDF register of
more than ``REGISTER_PDF_JOB_MIN_ROWS`` activities, becomes an ``ExportJob``: the
download link answers with the job's page at once, a Celery worker draws the file into
the default storage (the private bucket in production), and the page shows its progress
and then the file, kept for ``EXPORT_JOB_KEEP_HOURS``. So a web worker is never busy
drawing. With no broker configured the job runs inline, inside the request that asked.

A staff member's job is theirs (their scope, every workflow state). A public job holds
published data only, so anyone with its address may fetch it, and the next reader who
asks for the same slice, in the same language, before the public data changes, is
handed the same job instead of a new one.
"""

import logging
import tempfile
from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from forums.public_changes import current_version

from .drawing import DRAWERS
from .models import ExportJob

logger = logging.getLogger(__name__)

Status = ExportJob.Status
# The setting holding each kind's threshold, in rows: funding lines, or activities.
THRESHOLDS = {
    ExportJob.Kind.CSV: "EXPORT_JOB_MIN_ROWS",
    ExportJob.Kind.XLSX: "EXPORT_JOB_MIN_ROWS",
    ExportJob.Kind.PDF: "REGISTER_PDF_JOB_MIN_ROWS",
}
# How often a running job writes its progress to the shared cache, at most.
PROGRESS_EVERY = 0.5  # seconds


def wanted(kind, rows):
    """Whether a download of ``rows`` rows is drawn as a job rather than in the request."""
    return rows > getattr(settings, THRESHOLDS[kind])


def start(*, kind, query, user, rows, title, filename):
    """The job drawing this download: a public one already asked for, or a new one queued.

    ``query`` is the slice's query string; ``user`` the staff member it is for, or None for
    the public. The new job is handed to the workers once its row is committed.
    """
    language = translation.get_language()
    version = "" if user else current_version()
    if user is None:
        existing = (
            ExportJob.objects.filter(
                kind=kind,
                query=query,
                language=language,
                user=None,
                data_version=version,
                expires_at__gt=timezone.now(),
            )
            .exclude(status=Status.FAILED)
            .order_by("-created_at")
            .first()
        )
        if existing:
            return existing
    job = ExportJob.objects.create(
        kind=kind,
        query=query,
        language=language,
        user=user,
        data_version=version,
        title=title[:300],
        rows=rows,
        filename=filename,
        expires_at=timezone.now() + timedelta(hours=settings.EXPORT_JOB_KEEP_HOURS),
    )
    transaction.on_commit(partial(run_export_job.delay, str(job.pk)))
    return job


def progress_of(job):
    """How far ``job`` is, from 0 to 100 (the worker's count in the shared cache)."""
    if job.status == Status.DONE:
        return 100
    done = cache.get(_progress_key(job.pk), 0)
    return min(99, round(100 * done / job.rows)) if job.rows else 0


def _progress_key(job_id):
    return f"export-job-progress:{job_id}"


class _Progress:
    """Called by the drawing code with the rows written so far; writes the count to the
    shared cache at most every ``PROGRESS_EVERY`` seconds."""

    def __init__(self, job_id):
        self.key = _progress_key(job_id)
        self.written_at = 0.0

    def __call__(self, rows):
        now = timezone.now().timestamp()
        if now - self.written_at >= PROGRESS_EVERY:
            cache.set(self.key, rows, timeout=settings.EXPORT_JOB_KEEP_HOURS * 3600)
            self.written_at = now


@shared_task
def run_export_job(job_id):
    """Draw the file of job ``job_id`` into the default storage, unless another worker did.

    A job left running by a worker that died (tasks are acknowledged late) is drawn
    again from the start. A failure is logged and shown on the job page, never raised:
    inline, it would turn the reader's request into an error page.
    """
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=[Status.QUEUED, Status.RUNNING]
    ).update(status=Status.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        with translation.override(job.language), tempfile.TemporaryFile() as output:
            DRAWERS[job.kind](QueryDict(job.query), job.user, output, _Progress(job.pk))
            output.seek(0)
            name = default_storage.save(f"exports/{job.pk}/{job.filename}", File(output))
        size = default_storage.size(name)
    except Exception:
        logger.exception("Export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=Status.FAILED, finished_at=timezone.now())
        return
    ExportJob.objects.filter(pk=job_id).update(
        status=Status.DONE, stored_name=name, size=size, finished_at=timezone.now()
    )


@shared_task
def remove_expired_exports():
    """Delete the jobs past their time, and their files (hourly, from Celery beat)."""
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=timezone.now()):
        if job.stored_name:
            default_storage.delete(job.stored_name)
        cache.delete(_progress_key(job.pk))
        job.delete()
        removed += 1
    return removed
