from .activities import Activity, ProgressPhoto, ProgressReport
from .followups import FollowUpCheck, FollowUpPhoto
from .forum_pages import forum_photos, public_forum_pages
from .funding import FundingLine, RupiahSums, rupiah_sum
from .imports import ImportBatch
from .meetings import PARTICIPANT_GROUPS, Meeting, MeetingSpeaker, group_field
from .reference import ActivityKind, ActivityType, FundingSource

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityType",
    "FundingLine",
    "FollowUpCheck",
    "FollowUpPhoto",
    "FundingSource",
    "ImportBatch",
    "Meeting",
    "MeetingSpeaker",
    "PARTICIPANT_GROUPS",
    "ProgressPhoto",
    "ProgressReport",
    "RupiahSums",
    "forum_photos",
    "group_field",
    "public_forum_pages",
    "rupiah_sum",
]
