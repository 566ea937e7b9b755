from .activities import Activity, FundingLine, ProgressPhoto, ProgressReport
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
]
