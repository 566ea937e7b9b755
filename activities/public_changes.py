"""What the activities app's writes mean for the public (see forums/public_changes.py)."""

from forums import public_changes

from .models import (
    Activity,
    ActivityType,
    FundingLine,
    FundingSource,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
)


def activity_regency(activity):
    return public_changes.regency_of_village(activity.forum.village_id)


def connect():
    public_changes.connect(
        {
            Activity: {"regency": activity_regency},
            FundingLine: {
                "regency": lambda line: activity_regency(line.activity),
                "parent": public_changes.parent_field("activity"),
            },
            Meeting: {"regency": lambda meeting: meeting.regency_id, "funding": False},
            MeetingSpeaker: {
                "regency": lambda speaker: speaker.meeting.regency_id,
                "parent": public_changes.parent_field("meeting"),
                "funding": False,
            },
            ProgressReport: {
                "regency": lambda report: activity_regency(report.activity),
                "funding": False,
            },
            ProgressPhoto: {
                "regency": lambda photo: activity_regency(photo.report.activity),
                "parent": public_changes.parent_field("report"),
                "funding": False,
            },
        },
        [ActivityType, FundingSource],
    )
    public_changes.connect_links(Activity.posts.through)
