from django.core.management.base import BaseCommand

from forums.notification_mail import send_digest


class Command(BaseCommand):
    help = (
        "E-mail each staff member one digest of their workflow notices of the last 24 hours "
        "that were not e-mailed yet (those who chose a daily digest, and any notice whose "
        "immediate e-mail failed), and mark them e-mailed. Run it once a day (Celery beat "
        "does, at 06.30); a second run sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = send_digest()
        self.stdout.write(self.style.SUCCESS(f"{sent} digest e-mails sent."))
