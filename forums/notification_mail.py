"""The e-mails of notices: one per notice at once, or one digest a day per person.

Plain text, in the recipient's language when they chose one, else Indonesian, with
absolute links built on ``settings.SITE_URL``. A notice is marked e-mailed before its
mail leaves (so two senders never both send it) and unmarked if sending fails, so the
next digest tries again; a failure is logged, never raised into the step that made it.
"""

import logging
import smtplib
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

DIGEST_WINDOW = timedelta(days=1)
MAIL_TEMPLATE = "staff/notifications/notice_email.txt"
MAIL_RELATED = ("recipient__notification_preference", "actor", "content_type")


def _preference(user):
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return None


def wants_digest(user):
    preference = _preference(user)
    return preference is not None and preference.delivery == NotificationPreference.Delivery.DAILY


def language_of(user):
    preference = _preference(user)
    return preference.language if preference and preference.language else settings.LANGUAGE_CODE


def absolute_url(path):
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _one_line(text):
    # A subject is one header line: a name pasted with a line break must not break it.
    return " ".join(str(text).split())


def subject_of(notice):
    subjects = {
        Notification.Kind.SUBMITTED: _("To verify: %(record)s"),
        Notification.Kind.RETURNED: _("Returned for correction: %(record)s"),
        Notification.Kind.PUBLISHED: _("Published: %(record)s"),
    }
    return _one_line(subjects[notice.kind] % {"record": notice.label})


def _entries(notices):
    return [
        {
            "notice": notice,
            "message": notice.message(),
            "url": absolute_url(reverse("staff_notification_open", args=[notice.pk])),
        }
        for notice in notices
    ]


def _send(user, subject, template, context):
    body = render_to_string(
        template,
        {
            "name": user.get_full_name() or user.get_username(),
            "settings_url": absolute_url(reverse("staff_notification_settings")),
            **context,
        },
    )
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not e-mail notices to user %s", user.pk)
        return False
    return True


def _claim(notices):
    """Mark as e-mailed those of ``notices`` no other sender has taken; return them."""
    with transaction.atomic():
        taken = set(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk__in=[notice.pk for notice in notices], emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=taken).update(emailed_at=timezone.now())
    return [notice for notice in notices if notice.pk in taken]


def _give_back(notices):
    Notification.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed_at=None)


def send_immediate(notice_ids):
    """E-mail each of these notices whose recipient wants them at once and has an
    address; return how many mails were sent."""
    notices = Notification.objects.filter(pk__in=notice_ids).unsent().select_related(*MAIL_RELATED)
    due = [n for n in notices if n.recipient.email and not wants_digest(n.recipient)]
    sent = 0
    for notice in _claim(due):
        user = notice.recipient
        with translation.override(language_of(user)):
            context = {"entries": _entries([notice])}
            if _send(user, subject_of(notice), MAIL_TEMPLATE, context):
                sent += 1
            else:
                _give_back([notice])
    return sent


def send_digest(now=None, window=DIGEST_WINDOW):
    """One e-mail per person with their notices of the last ``window`` not yet e-mailed
    (those of digest readers, and any whose immediate mail failed); return how many
    mails were sent. Each notice is sent once, however often this runs."""
    now = now or timezone.now()
    notices = (
        Notification.objects.unsent()
        .filter(created_at__gt=now - window, created_at__lte=now)
        .exclude(recipient__email="")
        .select_related(*MAIL_RELATED)
        .order_by("recipient_id", "created_at", "pk")
    )
    sent = 0
    for _recipient, group in groupby(notices, key=lambda notice: notice.recipient_id):
        claimed = _claim(list(group))
        if not claimed:
            continue
        user = claimed[0].recipient
        with translation.override(language_of(user)):
            subject = ngettext(
                "Portal KS: %(count)d notice of the last day",
                "Portal KS: %(count)d notices of the last day",
                len(claimed),
            ) % {"count": len(claimed)}
            context = {"entries": _entries(claimed), "digest": True}
            if _send(user, subject, MAIL_TEMPLATE, context):
                sent += 1
            else:
                _give_back(claimed)
    return sent
