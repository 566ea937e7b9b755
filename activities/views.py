"""Public pages of a forum, an activity and a meeting: published content only.

Each page runs a fixed number of queries: the selectors prefetch every list the
template shows, already filtered to what the public may see.
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .map_pins import activity_pins
from .models import (
    Activity,
    FollowUpCheck,
    FundingLine,
    FundingSource,
    Meeting,
    forum_photos,
    public_forum_pages,
)


def _place_crumbs(regency):
    """Province and regency, each linking to its region page."""
    return [
        (reverse("region_detail", args=[regency.province_id]), regency.province.name),
        (reverse("region_detail", args=[regency.pk]), regency.name),
    ]


def _forum_crumbs(forum):
    return [
        *_place_crumbs(forum.village.district.regency),
        (reverse("forum_detail", args=[forum.slug]), forum.name),
    ]


def forum_detail(request, slug):
    forum = get_object_or_404(public_forum_pages(), slug=slug)
    progress_photos, news_photos = forum_photos(forum)
    context = {
        "forum": forum,
        "totals": FundingLine.objects.public().filter(activity__forum=forum).totals(),
        "progress_photos": progress_photos,
        "news_photos": news_photos,
        "crumbs": [*_place_crumbs(forum.village.district.regency), (None, forum.name)],
        "figures_query": f"forum={forum.pk}",
        "pins": activity_pins(forum.public_activities, forum=forum),
    }
    return render(request, "activities/forum_detail.html", context)


def activity_detail(request, pk):
    activity = get_object_or_404(Activity.objects.for_public_page(), pk=pk)
    context = {
        "activity": activity,
        "forum": activity.forum,
        "sources": list(FundingSource.objects.with_totals_for(activity)),
        "crumbs": [*_forum_crumbs(activity.forum), (None, activity.title)],
        # The funding page and downloads narrow to a forum, the finest slice they know.
        "figures_query": f"forum={activity.forum_id}",
        "figures_level": "activity",
        "pins": activity_pins([activity]),
        # What the follow-up checks found, never their notes.
        "followups": list(
            FollowUpCheck.objects.public().filter(activity=activity).order_by("months_after")
        ),
    }
    return render(request, "activities/activity_detail.html", context)


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.for_public_page(), pk=pk)
    crumbs = _forum_crumbs(meeting.forum) if meeting.forum else _place_crumbs(meeting.regency)
    context = {"meeting": meeting, "crumbs": [*crumbs, (None, meeting.theme)]}
    return render(request, "activities/meeting_detail.html", context)
