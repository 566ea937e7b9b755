"""Filters of the open-data lists other than activities (those share the funding filters).

Regions are given by their Kemendagri codes (``province=13``, ``regency=13.72``).
"""

import django_filters
from django import forms

from activities.models import Meeting
from forums.models import Forum, Post

VILLAGE_HELP = "Village (desa or kelurahan) code, e.g. 13.72.01.1001"


class YearFilter(django_filters.NumberFilter):
    """A whole year between 2000 and 2100: anything else is a clear 400, never a crash
    in the database's date arithmetic."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class ForumApiFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="village__district__regency__province", help_text="Province code, e.g. 13"
    )
    regency = django_filters.CharFilter(
        field_name="village__district__regency", help_text="Regency or city code, e.g. 13.72"
    )
    district = django_filters.CharFilter(
        field_name="village__district", help_text="District code, e.g. 13.72.01"
    )
    village = django_filters.CharFilter(field_name="village", help_text=VILLAGE_HELP)
    year = YearFilter(field_name="formation_year", help_text="Programme year")
    q = django_filters.CharFilter(method="filter_text", help_text="Forum or village name")

    class Meta:
        model = Forum
        fields = ["province", "regency", "district", "village", "year", "status"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class MeetingApiFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="regency__province", help_text="Province code, e.g. 13"
    )
    regency = django_filters.CharFilter(
        field_name="regency", help_text="Regency or city code, e.g. 13.72"
    )
    district = django_filters.CharFilter(
        field_name="forum__village__district", help_text="District code, e.g. 13.72.01"
    )
    village = django_filters.CharFilter(field_name="forum__village", help_text=VILLAGE_HELP)
    year = YearFilter(field_name="held_on", lookup_expr="year")
    forum = django_filters.CharFilter(field_name="forum__slug", help_text="Forum slug")

    class Meta:
        model = Meeting
        fields = ["province", "regency", "district", "village", "year", "kind", "forum"]


class PostApiFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(
        field_name="regency__province", help_text="Province code, e.g. 13"
    )
    regency = django_filters.CharFilter(
        field_name="regency", help_text="Regency or city code, e.g. 13.72"
    )
    district = django_filters.CharFilter(
        field_name="village__district", help_text="District code, e.g. 13.72.01"
    )
    village = django_filters.CharFilter(field_name="village", help_text=VILLAGE_HELP)
    year = YearFilter(
        field_name="published_at", lookup_expr="year", help_text="Year of publication"
    )
    forum = django_filters.CharFilter(field_name="forum__slug", help_text="Forum slug")
    q = django_filters.CharFilter(method="filter_text", help_text="Words in the title or text")

    class Meta:
        model = Post
        fields = ["province", "regency", "district", "village", "year", "category", "forum"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
