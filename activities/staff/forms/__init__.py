from .activities import ActivityForm, FundingLineFormSet
from .fields import RupiahField
from .followups import FollowUpCheckForm, FollowUpPhotoFormSet
from .meetings import MeetingForm, SpeakerFormSet
from .posts import PostForm, PostPhotoFormSet, unique_slug
from .progress import ProgressPhotoFormSet, ProgressReportForm

__all__ = [
    "ActivityForm",
    "FollowUpCheckForm",
    "FollowUpPhotoFormSet",
    "FundingLineFormSet",
    "MeetingForm",
    "PostForm",
    "PostPhotoFormSet",
    "ProgressPhotoFormSet",
    "ProgressReportForm",
    "RupiahField",
    "SpeakerFormSet",
    "unique_slug",
]
