"""What a verifier judges before verifying or returning a record, in a fixed number of queries.

The review screen (/staff/records/<key>/<pk>/review/) puts beside the workflow buttons:
where the record is from and who submitted it, its photos with their capture times and
evidence flags, the
funding lines of its activity, and what changed since its last published version.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from activities.evidence import flag_photos
from activities.models import Activity, FundingLine, ProgressPhoto

from .dashboard import with_step
from .history import changes_since_published


@dataclass
class Review:
    record: object
    label: str
    forum: object
    regency: object
    submitted_by: object
    submitted_at: object
    photos: list = field(default_factory=list)
    # The activity whose funding lines the record is judged with (with totals), or None.
    funded: object = None
    # Rows of what changed since publication; None when it was never published.
    changes: list | None = None

    @property
    def first_submission(self):
        return self.changes is None


def _photos(key, record):
    """The record's photos, each with ``taken_at`` when the file said (posts: gallery);
    progress photos with their evidence flags (``activities.evidence``) too."""
    if key == "progressreport":
        photos = list(record.photos.all())
        flag_photos(photos, record.activity)
        return photos
    if key == "activity":
        photos = list(
            ProgressPhoto.objects.filter(report__activity=record)
            .select_related("report")
            .order_by("-report__reported_on", "taken_at", "pk")
        )
        flag_photos(photos, record)
        return photos
    if key == "post":
        return list(record.photos.order_by("position", "pk"))
    return []


# The activity whose money a record is judged with, by kind: its own, or its work's.
FUNDED_ACTIVITY = {
    "activity": lambda record: record.pk,
    "progressreport": lambda record: record.activity_id,
    "meeting": lambda record: record.activity_id,
}


def _funded_activity(key, record):
    activity_of = FUNDED_ACTIVITY.get(key)
    pk = activity_of(record) if activity_of else None
    if pk is None:
        return None
    lines = FundingLine.objects.select_related("source")
    return (
        Activity.objects.with_totals()
        .prefetch_related(Prefetch("funding_lines", lines))
        .filter(pk=pk)
        .first()
    )


def review_queryset(kind, user):
    """In-scope records of ``kind`` with what the review names, and who submitted them."""
    records = kind.model.objects.in_scope(user).select_related(*kind.place_related, "verified_by")
    if kind.model._meta.model_name == "post":
        records = records.select_related("author")
    return with_step(records, kind.model, "submit")


def review_of(key, kind, record):
    """The review of ``record``, read from ``review_queryset``."""
    submitter = None
    if record.step_user_id:
        submitter = get_user_model()._default_manager.filter(pk=record.step_user_id).first()
    return Review(
        record=record,
        label=kind.full_label(record),
        forum=kind.forum_of(record),
        regency=kind.regency_of(record),
        submitted_by=submitter or getattr(record, "author", None),
        submitted_at=record.step_at,
        photos=_photos(key, record),
        funded=_funded_activity(key, record),
        changes=changes_since_published(kind, record),
    )
