"""The reports app's Celery tasks, found here by the workers (``autodiscover_tasks``)."""

from .jobs import remove_expired_exports, run_export_job

__all__ = ["remove_expired_exports", "run_export_job"]
