"""Filters of the staff lists: state, year, forum (within scope), kind and a text search.

Every list accepts ``?forum=<pk>`` (the staff forum page links to them). A bad
value drops that filter and shows its message next to the field; the list still shows.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Activity,
    ActivityKind,
    ActivityType,
    FollowUpCheck,
    FundingLine,
    Meeting,
    ProgressReport,
)
from forums.models import Forum, Post, State, scope_of


def _choices(choices):
    return [(value, capfirst(label)) for value, label in choices]


def _scoped_forums(request):
    return Forum.objects.in_scope(request.user).order_by("name", "pk")


class StaffRecordFilter(django_filters.FilterSet):
    """The filters every staff list has; subclasses add their own and ``search``."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=_choices(State.choices),
        empty_label=_("All states"),
        error_messages={"invalid_choice": _("Unknown state; showing every state.")},
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100, "placeholder": _("All years")}),
    )
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        queryset=_scoped_forums,
        empty_label=_("All forums"),
        error_messages={
            "invalid_choice": _("That forum is not in your regions; showing all forums.")
        },
    )
    year_lookups = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if scope_of(self.request.user).everything:
            # The whole country's forums make no list; an administrator gives the number.
            self.filters["forum"].extra["widget"] = forms.NumberInput(
                attrs={"min": 1, "placeholder": _("Forum number")}
            )

    def filter_text(self, queryset, name, value):
        return self.search(queryset, value.strip()) if value.strip() else queryset

    def search(self, queryset, text):
        raise NotImplementedError

    def filter_year(self, queryset, name, value):
        matches = Q()
        for lookup in self.year_lookups:
            matches |= Q(**{lookup: int(value)})
        return queryset.filter(matches)

    @property
    def chosen_forum(self):
        """The forum the list is limited to, if any (for the page's heading)."""
        if self.is_bound and self.form.is_valid():
            return self.form.cleaned_data.get("forum")
        return None


class StaffActivityFilter(StaffRecordFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="activity_type__kind",
        choices=_choices(ActivityKind.choices),
        empty_label=_("Physical and non-physical"),
    )
    activity_type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        queryset=ActivityType.objects.order_by("position", "name"),
        empty_label=_("All types"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=_choices(Activity.Status.choices),
        empty_label=_("Any status"),
    )

    class Meta:
        model = Activity
        fields = ["q", "state", "year", "forum", "kind", "activity_type", "status"]

    def filter_year(self, queryset, name, value):
        """Planned to start that year, or funded from that year's budget."""
        year = int(value)
        funded = FundingLine.objects.filter(activity=OuterRef("pk"), budget_year=year)
        return queryset.filter(Q(planned_start__year=year) | Q(Exists(funded)))

    def search(self, queryset, text):
        return queryset.filter(
            Q(title__icontains=text) | Q(location__icontains=text) | Q(forum__name__icontains=text)
        )


class StaffMeetingFilter(StaffRecordFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=_choices(Meeting.Kind.choices), empty_label=_("All kinds")
    )
    year_lookups = ("held_on__year",)

    class Meta:
        model = Meeting
        fields = ["q", "state", "year", "forum", "kind"]

    def search(self, queryset, text):
        return queryset.filter(
            Q(theme__icontains=text) | Q(venue__icontains=text) | Q(agreements__icontains=text)
        )


class StaffProgressFilter(StaffRecordFilter):
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="activity__forum",
        queryset=_scoped_forums,
        empty_label=_("All forums"),
        error_messages={
            "invalid_choice": _("That forum is not in your regions; showing all forums.")
        },
    )
    evidence = django_filters.BooleanFilter(
        label=_("Evidence flags"),
        field_name="has_evidence_flags",
        widget=forms.Select(
            choices=[
                ("", _("With or without evidence flags")),
                ("true", _("With evidence flags")),
                ("false", _("Without evidence flags")),
            ]
        ),
    )
    year_lookups = ("reported_on__year",)

    class Meta:
        model = ProgressReport
        fields = ["q", "state", "year", "forum", "evidence"]

    def search(self, queryset, text):
        return queryset.filter(Q(activity__title__icontains=text) | Q(note__icontains=text))


class StaffFollowUpFilter(StaffRecordFilter):
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="activity__forum",
        queryset=_scoped_forums,
        empty_label=_("All forums"),
        error_messages={
            "invalid_choice": _("That forum is not in your regions; showing all forums.")
        },
    )
    condition = django_filters.ChoiceFilter(
        label=_("Condition"),
        choices=_choices(FollowUpCheck.Condition.choices),
        empty_label=_("Every condition"),
        error_messages={"invalid_choice": _("Unknown condition; showing every condition.")},
    )
    year_lookups = ("checked_on__year",)

    class Meta:
        model = FollowUpCheck
        fields = ["q", "state", "year", "forum", "condition"]

    def search(self, queryset, text):
        return queryset.filter(
            Q(activity__title__icontains=text)
            | Q(used_by__icontains=text)
            | Q(note__icontains=text)
        )


class StaffPostFilter(StaffRecordFilter):
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=_choices(Post.Category.choices),
        empty_label=_("All categories"),
    )

    class Meta:
        model = Post
        fields = ["q", "state", "year", "forum", "category"]

    def filter_year(self, queryset, name, value):
        """Published posts by their publication year; drafts by the year they were written."""
        year = int(value)
        return queryset.filter(
            Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year)
        )

    def search(self, queryset, text):
        return queryset.search(text)
