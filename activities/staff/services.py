"""Writes of the activity, meeting, progress and news pages that go beyond the shared
record services (``forums.staff.services``): a work's status, a post's author and links."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.evidence import refresh_evidence_flags
from activities.models import ProgressReport
from forums.models import State
from forums.services import EDITABLE_STATES, apply_transition
from forums.staff.services import delete_record, save_record

# The activity's fields its progress photos' evidence flags are judged against.
EVIDENCE_FIELDS = {"planned_start", "planned_end", "actual_start", "actual_end"}
EVIDENCE_FIELDS |= {"latitude", "longitude"}


def save_activity(*, user, form, funding):
    """Save an activity and its funding lines; a physical work's status then follows
    its latest published progress report (the type may have changed). New dates or a
    new point change what its progress photos' evidence flags say."""
    with transaction.atomic():
        activity = save_record(user=user, form=form, formsets=[funding])
        activity.sync_status_with_progress()
        if EVIDENCE_FIELDS & set(form.changed_data):
            for report in activity.progress_reports.prefetch_related("photos"):
                report.activity = activity
                refresh_evidence_flags(report)
    return activity


def save_meeting(*, user, form, speakers):
    return save_record(user=user, form=form, formsets=[speakers])


def save_progress_report(*, user, form, photos):
    """Save a progress report with its photos, as a draft: the work's status follows
    published reports only, so it changes when the report is published, not here.

    The photos' evidence flags are recomputed (``activities.evidence``): warnings for
    the verifier, never a reason to refuse the save."""
    with transaction.atomic():
        report = save_record(user=user, form=form, formsets=[photos])
        refresh_evidence_flags(report)
    return report


def save_followup(*, user, form, photos):
    """Save a follow-up check with its photos, as a draft."""
    return save_record(user=user, form=form, formsets=[photos])


def save_post(*, user, form, photos):
    """Save a news post, its gallery and the activities it reports on.

    A new post names ``user`` as its author.
    """
    extra = {} if form.instance.pk else {"author": user}
    with transaction.atomic():
        post = save_record(user=user, form=form, formsets=[photos], **extra)
        _link_activities(post, form.cleaned_data["activities"], user)
    return post


def _link_activities(post, chosen, user):
    """Make ``chosen`` the activities ``post`` reports on.

    The link belongs to the activity (``Activity.posts``) and is kept in the activity's
    history, so it is changed from that side: django-simple-history records an m2m
    change only from the side that declares the field (``post.activities.set()``
    fails there).
    """
    current, chosen = set(post.activities.all()), set(chosen)
    for activity in chosen - current:
        activity._history_user = user
        activity.posts.add(post)
    for activity in current - chosen:
        activity._history_user = user
        activity.posts.remove(post)


def delete_activity(activity, user, version=None):
    """Delete a draft activity with its funding lines and draft progress reports.

    Progress reports already sent for verification are evidence the verifier has
    seen; an activity that has them is kept (return them or delete them first).
    """
    if activity.progress_reports.exclude(state=State.DRAFT).exists():
        raise ValidationError(
            _(
                "This activity has progress reports that were sent for verification; "
                "it cannot be deleted."
            )
        )
    delete_record(activity, user, version)


def submit_activity(activity, user, report_ids=()):
    """Submit ``activity`` for verification with those of its draft or returned progress
    reports named in ``report_ids``, all in one transaction (all or none); return the
    reports submitted. Raises as ``apply_transition`` does; ids of other reports, or of
    reports already submitted, are ignored.
    """
    ids = {int(pk) for pk in report_ids if str(pk).isdigit()}
    with transaction.atomic():
        activity = apply_transition(activity, "submit", user)
        reports = list(
            ProgressReport.objects.in_scope(user)
            .filter(activity=activity, pk__in=ids, state__in=EDITABLE_STATES)
            .order_by("reported_on", "pk")
        )
        for report in reports:
            apply_transition(report, "submit", user)
    return reports
