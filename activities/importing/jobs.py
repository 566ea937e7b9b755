"""Checking and committing a big file in the background, with a progress bar.

A batch of more than ``IMPORT_JOB_MIN_ROWS`` rows (as its sheet declares them, or
counted for a CSV) is handed to a Celery worker once its row is committed; the batch
page asks ``progress_of`` every two seconds (``static/js/job_progress.js``). With no
broker configured (``CELERY_TASK_ALWAYS_EAGER``) the task runs inline, in the request.
Small files are checked and committed inside the request, as the web forms are.
"""

import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from activities.models import ImportBatch

from .reading import Refused, open_table

logger = logging.getLogger(__name__)
Status = ImportBatch.Status
PROGRESS_EVERY = 0.5  # seconds between writes of the progress to the shared cache
KEEP_PROGRESS = 24 * 3600


def rows_expected(batch):
    """The batch's rows, as its sheet declares them (an XLSX) or counted (a CSV); 0 for
    a file that cannot be read (the check will say why)."""
    try:
        with batch.file.open("rb"):
            table = open_table(batch.file, batch.file_name)
            if table.declared_rows:
                return table.declared_rows - 1
            return sum(1 for _row in table.rows)
    except Refused:
        return 0


def in_background(batch):
    return rows_expected(batch) > settings.IMPORT_JOB_MIN_ROWS


def start(batch, phase):
    """Check (``phase`` "check") or commit ("commit") ``batch``: inline for a small file,
    else as a job once the batch's row is committed."""
    busy = Status.CHECKING if phase == "check" else Status.COMMITTING
    ImportBatch.objects.filter(pk=batch.pk).update(status=busy)
    batch.status = busy
    expected = rows_expected(batch)
    cache.set(_key(batch.pk), [0, expected], KEEP_PROGRESS)
    if expected > settings.IMPORT_JOB_MIN_ROWS:
        transaction.on_commit(partial(run_import_job.delay, batch.pk, phase))
    else:
        run_import_job(batch.pk, phase)
        batch.refresh_from_db()


def _key(pk):
    return f"import-progress:{pk}"


def progress_of(batch):
    """How far a running batch is, from 0 to 100."""
    if not batch.is_busy:
        return 100
    done, expected = cache.get(_key(batch.pk), [0, 0])
    return min(99, round(100 * done / expected)) if expected else 0


class _Progress:
    def __init__(self, pk):
        self.pk, self.written_at, self.expected = pk, 0.0, cache.get(_key(pk), [0, 0])[1]

    def __call__(self, rows):
        now = timezone.now().timestamp()
        if now - self.written_at >= PROGRESS_EVERY:
            cache.set(_key(self.pk), [rows, self.expected], KEEP_PROGRESS)
            self.written_at = now


def _run(batch, phase):
    from . import services

    work = services.check if phase == "check" else services.commit
    return work(batch, progress=_Progress(batch.pk))


@shared_task
def run_import_job(batch_id, phase):
    """Check or commit batch ``batch_id``. A failure is logged and shown on the batch page,
    never raised (inline, it would turn the request into an error page)."""
    busy = Status.CHECKING if phase == "check" else Status.COMMITTING
    batch = ImportBatch.objects.select_related("user").filter(pk=batch_id, status=busy).first()
    if batch is None:
        return
    try:
        _run(batch, phase)
    except Exception:
        logger.exception("Import batch %s failed (%s)", batch_id, phase)
        ImportBatch.objects.filter(pk=batch_id).update(status=Status.FAILED)
