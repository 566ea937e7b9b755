from .activities import Activity, FundingLine, ProgressPhoto, ProgressReport
from .forum_pages import forum_photos, public_forum_pages
from .funding import RupiahSums, rupiah_sum
from .meetings import Meeting, MeetingSpeaker
from .reference import ActivityKind, ActivityType, FundingSource

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityType",
    "FundingLine",
    "FundingSource",
    "Meeting",
    "MeetingSpeaker",
    "ProgressPhoto",
    "ProgressReport",
    "RupiahSums",
    "forum_photos",
    "public_forum_pages",
    "rupiah_sum",
]
