"""The admin back-office for activities, funding, progress and meetings.

Budget columns read the ``with_totals()`` annotation, so a list page sums the
funding lines in the same query that lists the activities.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from forums.admin import (
    PHOTO_UPLOADS,
    ChildInline,
    ChildListAdmin,
    ProvinceListFilter,
    ReviewableAdmin,
    review_fieldsets,
)
from forums.formatting import format_rupiah

from .models import (
    PARTICIPANT_GROUPS,
    Activity,
    ActivityType,
    FollowUpCheck,
    FundingLine,
    FundingSource,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
    group_field,
)

# Reference lists -------------------------------------------------------------


@admin.register(ActivityType)
class ActivityTypeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "kind", "default_unit", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    prepopulated_fields = {"code": ["name_en"]}


@admin.register(FundingSource)
class FundingSourceAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "is_aspiration_fund", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_aspiration_fund", "is_active"]
    search_fields = ["code", "name", "name_en"]
    prepopulated_fields = {"code": ["name_en"]}


# Activities ------------------------------------------------------------------


class FundingLineInline(ChildInline):
    model = FundingLine
    fields = [
        "source",
        "budget_year",
        "purpose",
        "budget",
        "spending",
        "member_name",
        "electoral_district",
    ]
    extra = 1


class ProgressReportInline(admin.TabularInline):
    """Dates and percentages at a glance; a report is entered, reviewed and published on
    its own page, as the record of its own that it is."""

    model = ProgressReport
    fields = ["reported_on", "percent", "note", "state"]
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActivityProvinceFilter(ProvinceListFilter):
    province_path = "forum__village__district__regency__province"


@admin.register(Activity)
class ActivityAdmin(ReviewableAdmin):
    list_display = [
        "title",
        "forum",
        "activity_type",
        "status",
        "state",
        "budget_total_display",
        "spending_total_display",
    ]
    list_filter = [
        "state",
        "status",
        "activity_type__kind",
        "activity_type",
        ActivityProvinceFilter,
        "is_sample",
    ]
    list_select_related = ["forum", "activity_type"]
    search_fields = ["title", "forum__name"]
    autocomplete_fields = ["forum", "posts"]
    inlines = [FundingLineInline, ProgressReportInline]
    fieldsets = [
        (None, {"fields": ["forum", "activity_type", "title", "description", "status"]}),
        (
            _("Place and size"),
            {"fields": ["location", "latitude", "longitude", "volume", "achieved_volume", "unit"]},
        ),
        (_("Dates"), {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]}),
        (
            _("Results"),
            {"fields": ["executor", "beneficiaries_male", "beneficiaries_female", "remarks"]},
        ),
        (_("News"), {"fields": ["posts"]}),
        *review_fieldsets(),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("budget"), ordering="budget_total")
    def budget_total_display(self, obj):
        return format_rupiah(obj.budget_total)

    @admin.display(description=_("spending"), ordering="spending_total")
    def spending_total_display(self, obj):
        return format_rupiah(obj.spending_total)


@admin.register(FundingLine)
class FundingLineAdmin(ChildListAdmin):
    """Lines are entered on their activity's page; this list compares them across activities."""

    list_display = [
        "activity",
        "source",
        "budget_year",
        "budget_display",
        "spending_display",
        "member_name",
    ]
    list_filter = ["source", "budget_year"]
    list_select_related = ["activity", "source"]
    search_fields = ["activity__title", "member_name", "electoral_district"]
    autocomplete_fields = ["activity"]

    @admin.display(description=_("budget"), ordering="budget")
    def budget_display(self, obj):
        return format_rupiah(obj.budget)

    @admin.display(description=_("spending"), ordering="spending")
    def spending_display(self, obj):
        return format_rupiah(obj.spending)


class ProgressPhotoInline(ChildInline):
    model = ProgressPhoto
    formfield_overrides = PHOTO_UPLOADS
    fields = ["image", "caption", "taken_at"]
    extra = 1


@admin.register(ProgressReport)
class ProgressReportAdmin(ReviewableAdmin):
    list_display = ["activity", "reported_on", "percent", "state"]
    list_filter = ["state", "is_sample"]
    list_select_related = ["activity"]
    search_fields = ["activity__title"]
    date_hierarchy = "reported_on"
    autocomplete_fields = ["activity"]
    inlines = [ProgressPhotoInline]
    fieldsets = [
        (None, {"fields": ["activity", "reported_on", "percent", "note"]}),
        *review_fieldsets(),
    ]


@admin.register(FollowUpCheck)
class FollowUpCheckAdmin(ReviewableAdmin):
    list_display = ["activity", "months_after", "checked_on", "in_use", "condition", "state"]
    list_filter = ["state", "months_after", "condition", "is_sample"]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "used_by"]
    date_hierarchy = "checked_on"
    autocomplete_fields = ["activity"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "activity",
                    "months_after",
                    "checked_on",
                    "in_use",
                    "used_by",
                    "use_frequency",
                    "condition",
                    "note",
                ]
            },
        ),
        *review_fieldsets(),
    ]


# Meetings --------------------------------------------------------------------


class MeetingSpeakerInline(ChildInline):
    model = MeetingSpeaker
    fields = ["name", "institution", "topic", "position"]
    extra = 1


class MeetingProvinceFilter(ProvinceListFilter):
    province_path = "regency__province"


@admin.register(Meeting)
class MeetingAdmin(ReviewableAdmin):
    list_display = [
        "theme",
        "kind",
        "held_on",
        "regency",
        "forum",
        "participants_total",
        "state",
    ]
    list_filter = ["kind", "state", MeetingProvinceFilter, "is_sample"]
    list_select_related = ["regency__province", "forum"]
    search_fields = ["theme", "venue", "forum__name", "regency__name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["regency", "forum", "activity"]
    inlines = [MeetingSpeakerInline]
    fieldsets = [
        (None, {"fields": ["kind", "theme", "held_on", "venue", "regency", "forum", "activity"]}),
        (
            _("Proceedings"),
            {
                "fields": [
                    "opened_by",
                    "officials_present",
                    "participants_male",
                    "participants_female",
                    *(group_field(group) for group in PARTICIPANT_GROUPS),
                    "agreements",
                ]
            },
        ),
        *review_fieldsets(),
    ]

    @admin.display(description=_("participants"))
    def participants_total(self, obj):
        return obj.participants_total
