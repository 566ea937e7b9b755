"""Filters of the open-data lists (django-filter).

Regions are given by their Kemendagri codes (``province=13``, ``regency=13.72``,
``district=13.72.01``, ``village=13.72.01.1001``); an unknown code, like any value a
filter cannot use, is a 400 (ks_portal/api_parameters.py). Activities share the
funding filters of the page and the downloads (reports/filters.py).
"""

import django_filters
from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from activities.models import FundingLine, Meeting
from forums.filters import code_choice_filter, region_filter, search_filter
from forums.models import ConflictIncident, Forum, Post, Village

from .. import targeting
from ..filters import ActivityFilter, YearFilter
from ..models import VillageEligibility


def _forum_filter():
    return code_choice_filter(
        r"^[-a-zA-Z0-9_]+$",
        "fks-desa-babussalam",
        "Forum slug, e.g. fks-desa-babussalam",
        field_name="forum",
        to_field_name="slug",
        queryset=Forum.objects.published(),
        error_messages={"invalid_choice": _("No published forum has the slug “%(value)s”.")},
    )


class ActivityApiFilter(ActivityFilter):
    """The funding filters, and each activity with the funding lines of the slice nested
    (only those matching ``year`` and ``source``) and their totals."""

    class Meta(ActivityFilter.Meta):
        pass

    def filter_queryset(self, queryset):
        activities = super().filter_queryset(queryset)  # fills self.line_conditions
        conditions = self.line_conditions
        lines = (
            FundingLine.objects.filter(**conditions)
            .select_related("source")
            .order_by("budget_year", "source__position", "pk")
        )
        return activities.with_totals(**conditions).prefetch_related(
            Prefetch("funding_lines", lines, to_attr="slice_lines")
        )


class ActivityGeoJsonFilter(ActivityFilter):
    """The funding filters, and each activity's budget over the lines of the slice."""

    class Meta(ActivityFilter.Meta):
        pass

    def filter_queryset(self, queryset):
        activities = super().filter_queryset(queryset)  # fills self.line_conditions
        return activities.filter(latitude__isnull=False, longitude__isnull=False).with_totals(
            **self.line_conditions
        )


class ForumApiFilter(django_filters.FilterSet):
    province = region_filter("province", "village__district__regency__province")
    regency = region_filter("regency", "village__district__regency")
    district = region_filter("district", "village__district")
    village = region_filter("village", "village")
    year = YearFilter(field_name="formation_year", help_text="Programme year")
    q = search_filter("Forum or village name")

    class Meta:
        model = Forum
        fields = ["province", "regency", "district", "village", "year", "status"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class MeetingApiFilter(django_filters.FilterSet):
    province = region_filter("province", "regency__province")
    regency = region_filter("regency", "regency")
    district = region_filter("district", "forum__village__district")
    village = region_filter("village", "forum__village")
    year = YearFilter(field_name="held_on", lookup_expr="year", help_text="Year it was held")
    forum = _forum_filter()

    class Meta:
        model = Meeting
        fields = ["province", "regency", "district", "village", "year", "kind", "forum"]


class PostApiFilter(django_filters.FilterSet):
    province = region_filter("province", "regency__province")
    regency = region_filter("regency", "regency")
    district = region_filter("district", "village__district")
    village = region_filter("village", "village")
    year = YearFilter(
        field_name="published_at", lookup_expr="year", help_text="Year of publication"
    )
    forum = _forum_filter()
    q = search_filter("Words in the title or text")

    class Meta:
        model = Post
        fields = ["province", "regency", "district", "village", "year", "category", "forum"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


@extend_schema_field(
    {"type": "integer", "minimum": targeting.MIN_YEARS, "maximum": targeting.MAX_YEARS}
)
class RecentYearsFilter(django_filters.NumberFilter):
    """Incidents of the last 1 to 10 years only."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        messages = dict.fromkeys(["invalid", "min_value", "max_value"], targeting.YEARS_MESSAGE)
        kwargs.update(
            min_value=targeting.MIN_YEARS, max_value=targeting.MAX_YEARS, error_messages=messages
        )
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        since = targeting.years_before(timezone.localdate(), value)
        return queryset.filter(occurred_on__gt=since)


class IncidentCountFilter(django_filters.FilterSet):
    province = region_filter("province", "village__district__regency__province")
    regency = region_filter("regency", "village__district__regency")
    years = RecentYearsFilter(help_text="Incidents of the last 1 to 10 years only")

    class Meta:
        model = ConflictIncident
        fields = ["province", "regency", "years"]


class EligibilityCountFilter(django_filters.FilterSet):
    province = region_filter("province", "village__district__regency__province")
    regency = region_filter("regency", "village__district__regency")

    class Meta:
        model = VillageEligibility
        fields = ["province", "regency"]


class ResilienceFilter(django_filters.FilterSet):
    province = region_filter("province", "district__regency__province")
    regency = region_filter("regency", "district__regency")

    class Meta:
        model = Village
        fields = ["province", "regency"]
