"""The workflow records of the staff workspace, by the name their URLs use.

``/staff/records/<key>/<pk>/transition/`` and ``.../history/`` take one of these
keys; each names its model, its staff detail page and the children whose history
is shown with it. The key is the model's ``_meta.model_name``, so a template can
build these URLs from any record (``forums.templatetags.staff.model_key``).
"""

from dataclasses import dataclass

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from activities.models import (
    Activity,
    FollowUpCheck,
    FollowUpPhoto,
    FundingLine,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
)
from forums.formatting import format_rupiah
from forums.models import (
    ConflictIncident,
    Forum,
    ForumMember,
    Post,
    PostPhoto,
    ResilienceAssessment,
    ResilienceScore,
)


def _file_name(name):
    return str(name).rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Child:
    model: type
    fk: str  # the field pointing at the parent record
    label: object  # version -> short name, reading only ``related``
    related: tuple = ()  # select_related for ``label``


def _follow(record, path):
    for name in path.split("__"):
        record = getattr(record, name, None)
        if record is None:
            return None
    return record


@dataclass(frozen=True)
class RecordKind:
    model: type
    detail_url: str
    children: tuple = ()
    forum_path: str | None = ""  # from the record to its forum; "" for a forum, None: no forum

    @property
    def place_related(self):
        """select_related for ``forum_of`` and ``regency_of``."""
        regency = self.model.scope_paths[1]
        forum = f"{self.forum_path}__village__district__regency" if self.forum_path else ""
        return tuple(path for path in (forum, regency) if path)

    def forum_of(self, record):
        if self.forum_path is None:
            return None
        return _follow(record, self.forum_path) if self.forum_path else record

    def regency_of(self, record):
        return _follow(record, self.model.scope_paths[1])

    def full_label(self, record):
        """Like ``label``, naming a progress report's work too (``activity`` selected)."""
        if self.model is ProgressReport:
            return _("%(activity)s: progress %(percent)s%% on %(date)s") % {
                "activity": record.activity.title,
                "percent": record.percent,
                "date": date_format(record.reported_on, "SHORT_DATE_FORMAT"),
            }
        return self.label(record)

    def label(self, record):
        """A short name for a record or one of its historical versions, without queries.

        ``str()`` of a progress report reads its activity, and of a historical
        version builds the instance: a query each in a list.
        """
        if self.model is ProgressReport:
            return _("Progress %(percent)s%% on %(date)s") % {
                "percent": record.percent,
                "date": date_format(record.reported_on, "SHORT_DATE_FORMAT"),
            }
        if self.model is Meeting:
            return record.theme
        if self.model is FollowUpCheck:
            return _("%(months)s-month check on %(date)s") % {
                "months": record.months_after,
                "date": date_format(record.checked_on, "SHORT_DATE_FORMAT"),
            }
        if self.model is ResilienceAssessment:
            return _("Resilience profile on %(date)s") % {
                "date": date_format(record.assessed_on, "SHORT_DATE_FORMAT")
            }
        if self.model is ConflictIncident:
            return _("Conflict incident on %(date)s") % {
                "date": date_format(record.occurred_on, "SHORT_DATE_FORMAT")
            }
        return getattr(record, "title", None) or getattr(record, "name", "")


def _funding_line_label(version):
    """ "APBN 2019, Rp 150.000.000": which line, and its budget as that version had it."""
    line = f"{version.source} {version.budget_year}" if version.source else str(version.budget_year)
    return f"{line}, {format_rupiah(version.budget)}"


RECORD_KINDS = {
    "forum": RecordKind(
        Forum, "staff_forum_detail", (Child(ForumMember, "forum", lambda v: v.name),)
    ),
    "activity": RecordKind(
        Activity,
        "staff_activity_detail",
        (
            Child(
                FundingLine,
                "activity",
                _funding_line_label,
                ("source",),
            ),
        ),
        forum_path="forum",
    ),
    "meeting": RecordKind(
        Meeting,
        "staff_meeting_detail",
        (Child(MeetingSpeaker, "meeting", lambda v: v.name),),
        forum_path="forum",
    ),
    "progressreport": RecordKind(
        ProgressReport,
        "staff_progress_detail",
        (Child(ProgressPhoto, "report", lambda v: v.caption or _file_name(v.image)),),
        forum_path="activity__forum",
    ),
    "post": RecordKind(
        Post,
        "staff_post_detail",
        (Child(PostPhoto, "post", lambda v: v.caption or _file_name(v.image)),),
        forum_path="forum",
    ),
    "conflictincident": RecordKind(ConflictIncident, "staff_incident_detail", forum_path=None),
    "followupcheck": RecordKind(
        FollowUpCheck,
        "staff_followup_detail",
        (Child(FollowUpPhoto, "followup", lambda v: v.caption or _file_name(v.image)),),
        forum_path="activity__forum",
    ),
    "resilienceassessment": RecordKind(
        ResilienceAssessment,
        "staff_resilience_detail",
        (
            Child(
                ResilienceScore, "assessment", lambda v: f"{v.indicator}: {v.score}", ("indicator",)
            ),
        ),
        forum_path=None,
    ),
}


def record_kind(key):
    try:
        return RECORD_KINDS[key]
    except KeyError:
        raise Http404 from None
