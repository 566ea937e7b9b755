"""Who is told of a workflow step, and the notices that tell them.

``notify_step`` is called by ``forums.services.apply_transition`` inside the step's
transaction, so a step and its notices are saved together or not at all; the e-mails
leave once the transaction is committed (``forums.notification_mail``).

- A submission tells every active verifier of the record's province (a record with no
  province, such as national news, is verified by the ministry: its administrators).
- A return (with its reason) and a publication tell whoever submitted the record: the
  user of its latest "submit" history row, else a post's author, else its creator.

Nobody is told of their own step.
"""

from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from .models import Notification, StaffProfile
from .tasks import send_notice_mails

Kind = Notification.Kind
KIND_OF_STEP = {"submit": Kind.SUBMITTED, "return": Kind.RETURNED, "publish": Kind.PUBLISHED}


def _province_of(record):
    province_path = type(record).scope_paths[0]
    rows = type(record)._default_manager.filter(pk=record.pk).values_list(province_path, flat=True)
    return rows.first()


def verifiers_of(record):
    """The users who verify ``record``: its province's verifiers, or the administrators
    when it has no province."""
    users = get_user_model()._default_manager.filter(is_active=True)
    province = _province_of(record)
    if province:
        return users.filter(
            staff_profile__role=StaffProfile.Role.VERIFIER, staff_profile__province_id=province
        )
    return users.filter(
        Q(is_superuser=True) | Q(staff_profile__role=StaffProfile.Role.ADMINISTRATOR)
    )


def submitter_of(record):
    """Who submitted ``record`` last, as its history says; else its author or creator."""
    versions = record.history.filter(history_user__isnull=False).select_related("history_user")
    submitted = versions.filter(history_change_reason="submit").order_by("-history_date").first()
    if submitted is not None:
        return submitted.history_user
    author = getattr(record, "author", None)
    if author is not None:
        return author
    created = versions.filter(history_type="+").order_by("history_date").first()
    return created.history_user if created is not None else None


def record_url(record, kind):
    """Where a notice leads in the staff workspace: a submission to the review screen,
    anything else to the record's page."""
    name = "staff_review" if kind == Kind.SUBMITTED else "staff_record"
    return reverse(name, args=[record._meta.model_name, record.pk])


def notify_step(record, action, actor, reason=""):
    """Make the notices of ``actor`` having taken step ``action`` on ``record``; return them.

    Call inside the step's transaction; the immediate e-mails are sent after it commits.
    """
    kind = KIND_OF_STEP.get(action)
    if kind is None:
        return []
    if kind == Kind.SUBMITTED:
        recipients = list(verifiers_of(record))
    else:
        submitter = submitter_of(record)
        recipients = [submitter] if submitter is not None and submitter.is_active else []
    recipients = [user for user in recipients if user.pk != actor.pk]
    if not recipients:
        return []
    fields = {
        "kind": kind,
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": record.pk,
        "label": record.notice_label()[:300],
        "url": record_url(record, kind),
        "reason": reason if kind == Kind.RETURNED else "",
        "actor": actor,
    }
    notices = [Notification.objects.create(recipient=user, **fields) for user in recipients]
    transaction.on_commit(partial(send_notice_mails.delay, [notice.pk for notice in notices]))
    return notices
