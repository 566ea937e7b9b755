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
    FundingLine,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
)
from forums.formatting import format_rupiah
from forums.models import Forum, ForumMember, Post, PostPhoto


def _file_name(name):
    return str(name).rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Child:
    model: type
    fk: str  # the field pointing at the parent record
    label: object  # version -> short name, reading only ``related``
    related: tuple = ()  # select_related for ``label``


@dataclass(frozen=True)
class RecordKind:
    model: type
    detail_url: str
    children: tuple = ()

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
    ),
    "meeting": RecordKind(
        Meeting, "staff_meeting_detail", (Child(MeetingSpeaker, "meeting", lambda v: v.name),)
    ),
    "progressreport": RecordKind(
        ProgressReport,
        "staff_progress_detail",
        (Child(ProgressPhoto, "report", lambda v: v.caption or _file_name(v.image)),),
    ),
    "post": RecordKind(
        Post,
        "staff_post_detail",
        (Child(PostPhoto, "post", lambda v: v.caption or _file_name(v.image)),),
    ),
}


def record_kind(key):
    try:
        return RECORD_KINDS[key]
    except KeyError:
        raise Http404 from None
