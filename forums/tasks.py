"""Background work of the forums app, run by Celery workers (inline without a broker)."""

from celery import shared_task

from .notification_mail import send_immediate


@shared_task
def send_notice_mails(notice_ids):
    """E-mail the notices ``notice_ids`` to those who want each notice at once."""
    return send_immediate(notice_ids)
