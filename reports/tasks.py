"""The reports app's Celery tasks, found here by the workers (``autodiscover_tasks``)."""

from celery import shared_task

from .eligibility import update_eligibility
from .jobs import remove_expired_exports, run_export_job


@shared_task
def update_village_eligibility():
    """The nightly verdicts on the Desa Berketahanan Sosial rules."""
    return update_eligibility()


__all__ = ["remove_expired_exports", "run_export_job", "update_village_eligibility"]
