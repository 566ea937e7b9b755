"""The daily clean-ups, scheduled by Celery beat (``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def flush_view_counts():
    """Write the news view counts waiting in the cache to the database."""
    call_command("flush_view_counts", verbosity=0)


@shared_task
def clear_sessions():
    """Drop expired sessions from the database (Django's ``clearsessions``)."""
    call_command("clearsessions", verbosity=0)


@shared_task
def send_notification_digest():
    """E-mail each person their notices of the last day not yet e-mailed (daily)."""
    call_command("send_notification_digest", verbosity=0)


@shared_task
def remove_stale_uploads():
    """Remove photos uploaded for a form that was never saved (hourly; a day old)."""
    call_command("remove_stale_uploads", verbosity=0)
