"""The filters of a funding slice: one definition for the page, the exports and the API.

The same query string (``?year=2019&province=13&source=apbn``) selects the same
funding lines on the summary page, in the CSV, XLSX and register downloads and
in the open-data API, which is what lets their totals reconcile.

``FundingFilter`` filters funding lines; ``ActivityFilter`` filters activities
with the same parameters (an activity is in the slice when one of its funding
lines matches the line conditions: budget year and source).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from activities.models import Activity, ActivityKind, ActivityType, FundingLine, FundingSource
from forums.filters import RegionChoiceFilter
from forums.models import District, Forum, Province, Regency, State, Village, region_code

# How the summary groups its rows, from the widest region to the single activity.
LEVELS = ["province", "regency", "forum", "activity"]
LEVEL_CHOICES = [
    ("province", _("Province")),
    ("regency", _("Regency or city")),
    ("forum", _("Forum")),
    ("activity", _("Activity")),
]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """A reference item (funding source, activity type) given by its code, e.g. ``apbn``."""


def _capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


class SliceFilter(django_filters.FilterSet):
    """Parameters shared by both filters; subclasses say how each one applies.

    Pass ``staff_user`` to filter within a staff member's scope: it keeps the
    ``state`` filter (of ``FundingFilter``) and limits the region and forum
    choices to the scope. Without it the filter is the public one; the queryset
    given decides which rows it starts from (published ones for the public).
    """

    year = YearFilter(
        label=_("Budget year"),
        field_name="budget_year",
        method="filter_line",
        min_value=2000,
        max_value=2100,
    )
    province = RegionChoiceFilter(
        label=_("Province"),
        field_name="forum__village__district__regency__province",
        method="filter_activity",
        queryset=Province.objects.order_by("name"),
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("Unknown province; showing all provinces.")},
    )
    regency = RegionChoiceFilter(
        label=_("Regency or city"),
        field_name="forum__village__district__regency",
        method="filter_activity",
        queryset=Regency.objects.order_by("name"),
        empty_label=_("All regencies and cities"),
        error_messages={
            "invalid_choice": _(
                "That regency or city is not in the chosen province; showing the whole province."
            )
        },
    )
    # A district or village (?village=13.72.01.1001): hidden fields, reached from links and
    # the API; each names its regency and province in its code.
    district = RegionChoiceFilter(
        label=_("District"),
        field_name="forum__village__district",
        method="filter_activity",
        queryset=District.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Unknown district; showing the whole regency.")},
    )
    village = RegionChoiceFilter(
        label=_("Village"),
        field_name="forum__village",
        method="filter_activity",
        queryset=Village.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Unknown village; showing the whole regency.")},
    )
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="forum",
        method="filter_activity",
        queryset=Forum.objects.published(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Unknown forum; showing all forums.")},
    )
    source = CodeChoiceFilter(
        label=_("Funding source"),
        field_name="source",
        method="filter_line",
        to_field_name="code",
        queryset=FundingSource.objects.order_by("position", "name"),
        empty_label=_("All funding sources"),
        error_messages={"invalid_choice": _("Unknown funding source; showing all sources.")},
    )
    type = CodeChoiceFilter(
        label=_("Activity type"),
        field_name="activity_type",
        method="filter_activity",
        to_field_name="code",
        queryset=ActivityType.objects.order_by("position", "name"),
        empty_label=_("All activity types"),
        error_messages={"invalid_choice": _("Unknown activity type; showing all types.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="activity_type__kind",
        method="filter_activity",
        choices=_capitalised(ActivityKind.choices),
        empty_label=_("Physical and non-physical"),
        error_messages={"invalid_choice": _("Unknown kind; showing both kinds.")},
    )

    def __init__(self, data=None, *args, staff_user=None, **kwargs):
        data = data.copy() if data is not None else None
        # A region names its parents in its code (13.72.01.1001 is in 13.72.01, 13.72 and
        # 13): a link or an API call may give the narrowest alone, and the form still
        # shows the province and regency.
        if data is not None:
            narrowest = data.get("village") or data.get("district") or data.get("regency")
            parts = str(narrowest or "").split(".")
            if len(parts) >= 2 and not data.get("regency"):
                data["regency"] = ".".join(parts[:2])
            if narrowest and not data.get("province"):
                data["province"] = parts[0]
        super().__init__(data, *args, **kwargs)
        self.staff_user = staff_user
        if staff_user is None:
            self.filters.pop("state", None)
        else:
            self.filters["province"].queryset = Province.objects.in_scope(staff_user).order_by(
                "name"
            )
            self.filters["forum"].queryset = Forum.objects.in_scope(staff_user)
        regencies = self.filters["regency"].queryset
        if staff_user is not None:
            regencies = regencies.in_scope(staff_user)
        province = region_code(self.data.get("province"))
        if province:
            self.filters["regency"].queryset = regencies.filter(province_id=province)
        else:
            # All 514 regencies and cities would make a long list: it waits for a province.
            self.filters["regency"].queryset = regencies.none()
            self.filters["regency"].extra.update(help_text=_("Choose a province first."))

    def set_years(self, years):
        """Offer ``years`` (those that have data in the viewer's slice) in the year list."""
        choices = [("", _("All years")), *[(year, year) for year in years]]
        self.form.fields["year"].widget = forms.Select(choices=choices)

    def keep(self, queryset, name, value):
        return queryset

    def value(self, name):
        """The valid value of one parameter, or None when it is missing or invalid."""
        self.form.is_valid()  # cleans the form: invalid fields are left out of cleaned_data
        return getattr(self.form, "cleaned_data", {}).get(name)


class FundingFilter(SliceFilter):
    """Funding lines of a slice, and how the summary groups them (``level``)."""

    state = django_filters.ChoiceFilter(
        label=_("State"),
        field_name="state",
        method="filter_activity",
        choices=_capitalised(State.choices),
        empty_label=_("All states"),
        error_messages={"invalid_choice": _("Unknown state; showing every state.")},
    )
    level = django_filters.ChoiceFilter(
        label=_("Group by"),
        method="keep",
        choices=LEVEL_CHOICES,
        empty_label=_("Next level down"),
        error_messages={"invalid_choice": _("Unknown grouping; grouping by the next level.")},
    )

    class Meta:
        model = FundingLine
        fields = []

    def filter_activity(self, queryset, name, value):
        return queryset.filter(**{f"activity__{name}": value})

    def filter_line(self, queryset, name, value):
        return queryset.filter(**{name: value})


class ActivityFilter(SliceFilter):
    """Activities of a slice: those with at least one funding line that matches.

    ``line_conditions`` holds the line filters (year, source), so a caller can
    keep only the matching lines of each activity (the API nests those).
    """

    class Meta:
        model = Activity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_conditions = {}

    def filter_activity(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def filter_line(self, queryset, name, value):
        self.line_conditions[name] = value
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.line_conditions:
            lines = FundingLine.objects.filter(activity=OuterRef("pk"), **self.line_conditions)
            queryset = queryset.filter(Exists(lines))
        return queryset
