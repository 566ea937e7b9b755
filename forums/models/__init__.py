from .cards import add_card_details
from .forums import Forum, ForumMember
from .incidents import ConflictIncident, ConflictTrigger
from .notifications import Notification, NotificationPreference
from .posts import Post, PostPhoto
from .regions import District, Province, Regency, Village, fold_name, region_code
from .resilience import (
    ResilienceAssessment,
    ResilienceIndicator,
    ResilienceScore,
    ResilienceTarget,
)
from .scopes import StaffProfile
from .scoping import Scope, ScopedQuerySet, scope_of
from .submissions import SubmissionToken
from .uploads import PhotoUpload
from .workflow import Reviewable, ReviewableQuerySet, State

__all__ = [
    "ConflictIncident",
    "ConflictTrigger",
    "District",
    "Forum",
    "ForumMember",
    "Notification",
    "PhotoUpload",
    "NotificationPreference",
    "Post",
    "PostPhoto",
    "Province",
    "Regency",
    "ResilienceAssessment",
    "ResilienceIndicator",
    "ResilienceScore",
    "ResilienceTarget",
    "Reviewable",
    "Scope",
    "ScopedQuerySet",
    "ReviewableQuerySet",
    "StaffProfile",
    "SubmissionToken",
    "State",
    "Village",
    "add_card_details",
    "fold_name",
    "region_code",
    "scope_of",
]
