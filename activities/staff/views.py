"""Staff pages for activities, meetings, progress reports and news posts.

Each class below says what differs for its kind of record (queries, forms,
filters, save service); ``forums.staff.pages.RecordPages`` handles the requests,
the same for every kind (forums included).
"""

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from activities.evidence import flag_photos
from activities.models import (
    Activity,
    FollowUpCheck,
    FundingLine,
    FundingSource,
    Meeting,
    ProgressReport,
)
from forums.models import Forum, Post
from forums.services import EDITABLE_STATES
from forums.staff.pages import RecordPages

from . import filters, forms, services

# What else a deletion removes, for the confirm page ("count" picks the plural form).
FUNDING_LINES_GO = ngettext_lazy(
    "Its %(count)d funding line is deleted with it.",
    "Its %(count)d funding lines are deleted with it.",
    "count",
)
PROGRESS_REPORTS_GO = ngettext_lazy(
    "Its %(count)d progress report, with its photos, is deleted with it.",
    "Its %(count)d progress reports, with their photos, are deleted with it.",
    "count",
)
MEETINGS_STAY = ngettext_lazy(
    "Its %(count)d meeting is kept, without the link to it.",
    "Its %(count)d meetings are kept, without the link to it.",
    "count",
)
PHOTOS_GO = ngettext_lazy(
    "Its %(count)d photo is deleted with it.", "Its %(count)d photos are deleted with it.", "count"
)


def _counted(*items):
    return [message % {"count": count} for count, message in items if count]


def _forum_from_query(request):
    """The in-scope forum named by ``?forum=<pk>``, to start a new record's form with."""
    pk = request.GET.get("forum", "")
    if not pk.isdigit():
        return None
    return Forum.objects.in_scope(request.user).filter(pk=pk).first()


def _activity_from_query(request):
    pk = request.GET.get("activity", "")
    if not pk.isdigit():
        return None
    return Activity.objects.in_scope(request.user).select_related("forum").filter(pk=pk).first()


class ActivityPages(RecordPages):
    model = Activity
    key = "activity"
    url_path = "activities"
    template_dir = "staff/activities"
    form_class = forms.ActivityForm
    formsets = [
        (
            "funding",
            forms.FundingLineFormSet,
            "funding",
            _("Funding"),
            _(
                "Budget and spending per funding source and budget year, in whole rupiah "
                "(for example 150.000.000). Tick “Delete” to remove a line."
            ),
        )
    ]
    filterset_class = filters.StaffActivityFilter
    service = services.save_activity
    deleter = services.delete_activity
    form_script = "staff/activities/activity_form_script.html"

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .select_related("forum__village", "activity_type")
            .with_totals()
            .order_by("-planned_start", "-pk")
        )

    def detail_queryset(self, request):
        meetings = Meeting.objects.in_scope(request.user).order_by("-held_on", "-pk")
        posts = Post.objects.in_scope(request.user).order_by("-created_at", "-pk")
        return (
            self.scoped(request)
            .select_related(
                "activity_type", "forum__village__district__regency__province", "verified_by"
            )
            .with_totals()
            .with_progress()
            .prefetch_related(
                Prefetch("funding_lines", FundingLine.objects.select_related("source")),
                Prefetch(
                    "progress_reports",
                    ProgressReport.objects.order_by("-reported_on", "-pk").annotate(
                        photo_count=Count("photos")
                    ),
                ),
                Prefetch("meetings", meetings, to_attr="staff_meetings"),
                Prefetch("posts", posts, to_attr="staff_posts"),
            )
        )

    def form_queryset(self, request):
        return self.scoped(request).select_related("forum", "activity_type")

    def initial(self, request):
        forum = _forum_from_query(request)
        return {"forum": forum} if forum else {}

    def detail_context(self, request, record):
        sources = list(FundingSource.objects.with_totals_for(record))
        public_url = reverse("activity_detail", args=[record.pk]) if record.is_public else ""
        # Offered on the submit step, to go for verification with the activity.
        submittable = [r for r in record.progress_reports.all() if r.state in EDITABLE_STATES]
        context = {
            "forum": record.forum,
            "sources": sources,
            "public_url": public_url,
            "submittable_reports": submittable,
            "followups": None,
        }
        if record.is_physical and record.status == Activity.Status.DONE:
            checks = list(record.followups.order_by("months_after"))
            recorded = {check.months_after for check in checks}
            missing = [months for months in FollowUpCheck.Months.values if months not in recorded]
            context.update(followups=checks, followups_missing=missing)
        return context

    def delete_consequences(self, record):
        return _counted(
            (record.funding_lines.count(), FUNDING_LINES_GO),
            (record.progress_reports.count(), PROGRESS_REPORTS_GO),
            (record.meetings.count(), MEETINGS_STAY),
        )


class MeetingPages(RecordPages):
    model = Meeting
    key = "meeting"
    url_path = "meetings"
    template_dir = "staff/meetings"
    form_class = forms.MeetingForm
    formsets = [
        (
            "speakers",
            forms.SpeakerFormSet,
            "speakers",
            _("Speakers"),
            _("Who spoke, from which institution, on what topic. Tick “Delete” to remove one."),
        )
    ]
    filterset_class = filters.StaffMeetingFilter
    service = services.save_meeting

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .select_related("regency", "forum", "activity")
            .order_by("-held_on", "-pk")
        )

    def detail_queryset(self, request):
        return (
            self.scoped(request)
            .select_related(
                "regency__province", "forum__village__district", "activity", "verified_by"
            )
            .prefetch_related("speakers")
        )

    def form_queryset(self, request):
        return self.scoped(request).select_related("forum", "activity", "regency")

    def detail_context(self, request, record):
        public = record.is_published and (record.forum is None or record.forum.is_published)
        return {"public_url": reverse("meeting_detail", args=[record.pk]) if public else ""}

    def initial(self, request):
        activity = _activity_from_query(request)
        forum = activity.forum if activity else _forum_from_query(request)
        if not forum:
            return {}
        initial = {"forum": forum, "regency": forum.village_id[:5]}
        return {**initial, "activity": activity} if activity else initial


class ProgressPages(RecordPages):
    model = ProgressReport
    key = "progress"
    url_path = "progress"
    template_dir = "staff/progress"
    form_class = forms.ProgressReportForm
    formsets = [
        (
            "photos",
            forms.ProgressPhotoFormSet,
            "photos",
            _("Photos"),
            _("Dated photos of the work. The date a photo was taken is read from the file."),
        )
    ]
    filterset_class = filters.StaffProgressFilter
    service = services.save_progress_report

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .select_related("activity__forum")
            .annotate(photo_count=Count("photos"))
            .order_by("-reported_on", "-pk")
        )

    def detail_queryset(self, request):
        return (
            self.scoped(request)
            .select_related(
                "activity__activity_type",
                "activity__forum__village__district__regency__province",
                "verified_by",
            )
            .prefetch_related("photos")
        )

    def detail_context(self, request, record):
        photos = list(record.photos.all())
        flag_photos(photos, record.activity)
        return {"photos": photos}

    def form_queryset(self, request):
        return self.scoped(request).select_related("activity__forum")

    def initial(self, request):
        activity = _activity_from_query(request)
        return {"activity": activity} if activity else {}

    def title(self, record):
        return _("%(title)s: progress on %(date)s") % {
            "title": record.activity.title,
            "date": date_format(record.reported_on),
        }

    def delete_consequences(self, record):
        return _counted((record.photos.count(), PHOTOS_GO))


class PostPages(RecordPages):
    model = Post
    key = "post"
    url_path = "news"
    template_dir = "staff/posts"
    form_class = forms.PostForm
    formsets = [
        (
            "photos",
            forms.PostPhotoFormSet,
            "photos",
            _("Photo gallery"),
            _("Photos shown below the text, in the order of their position."),
        )
    ]
    filterset_class = filters.StaffPostFilter
    service = services.save_post

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .select_related("author", "forum", "regency")
            .order_by("-created_at", "-pk")
        )

    def detail_queryset(self, request):
        activities = Activity.objects.in_scope(request.user).select_related("forum")
        return (
            self.scoped(request)
            .select_related(
                "author",
                "verified_by",
                "forum",
                "village__district__regency__province",
                "regency__province",
            )
            .prefetch_related(
                "photos", Prefetch("activities", activities, to_attr="staff_activities")
            )
        )

    def form_queryset(self, request):
        return self.scoped(request).select_related("forum")

    def detail_context(self, request, record):
        public_url = reverse("post_detail", args=[record.slug]) if record.is_published else ""
        return {"public_url": public_url}

    def initial(self, request):
        activity = _activity_from_query(request)
        forum = activity.forum if activity else _forum_from_query(request)
        initial = {"forum": forum} if forum else {}
        return {**initial, "activities": [activity]} if activity else initial

    def delete_consequences(self, record):
        return _counted((record.photos.count(), PHOTOS_GO))


class FollowUpPages(RecordPages):
    model = FollowUpCheck
    key = "followup"
    url_path = "followups"
    template_dir = "staff/followups"
    form_class = forms.FollowUpCheckForm
    formsets = [
        (
            "photos",
            forms.FollowUpPhotoFormSet,
            "photos",
            _("Photos"),
            _("Photos of the work as it is now. The date a photo was taken is read from the file."),
        )
    ]
    filterset_class = filters.StaffFollowUpFilter
    service = services.save_followup

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .select_related("activity__forum")
            .annotate(photo_count=Count("photos"))
            .order_by("-checked_on", "-pk")
        )

    def detail_queryset(self, request):
        return (
            self.scoped(request)
            .select_related(
                "activity__activity_type",
                "activity__forum__village__district__regency__province",
                "verified_by",
            )
            .prefetch_related("photos")
        )

    def form_queryset(self, request):
        return self.scoped(request).select_related("activity__forum")

    def initial(self, request):
        activity = _activity_from_query(request)
        initial = {"activity": activity} if activity else {}
        months = request.GET.get("months", "")
        if months in {str(value) for value in FollowUpCheck.Months.values}:
            initial["months_after"] = int(months)
        return initial

    def title(self, record):
        return _("%(title)s: %(months)s-month check") % {
            "title": record.activity.title,
            "months": record.months_after,
        }

    def delete_consequences(self, record):
        return _counted((record.photos.count(), PHOTOS_GO))


activities = ActivityPages()
meetings = MeetingPages()
progress = ProgressPages()
posts = PostPages()
followups = FollowUpPages()
