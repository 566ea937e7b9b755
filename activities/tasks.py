"""The activities app's Celery tasks, found here by the workers (``autodiscover_tasks``)."""

from .importing.jobs import run_import_job

__all__ = ["run_import_job"]
