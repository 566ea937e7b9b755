from .forums import Forum, ForumMember
from .posts import Post, PostPhoto
from .regions import District, Province, Regency, Village, fold_name
from .scopes import StaffProfile
from .workflow import Reviewable, ReviewableQuerySet, State

__all__ = [
    "District",
    "Forum",
    "ForumMember",
    "Post",
    "PostPhoto",
    "Province",
    "Regency",
    "Reviewable",
    "ReviewableQuerySet",
    "StaffProfile",
    "State",
    "Village",
    "fold_name",
]
