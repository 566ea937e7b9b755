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
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from activities.models import Activity, ActivityKind, ActivityType, FundingLine, FundingSource
from forums.filters import CodeChoiceFilter, region_filter
from forums.models import District, Forum, Province, Regency, State, Village, region_code

# How the summary groups its rows, from the widest region to the single activity.
LEVELS = ["province", "regency", "forum", "activity"]
LEVEL_CHOICES = [
    ("province", _("Province")),
    ("regency", _("Regency or city")),
    ("forum", _("Forum")),
    ("activity", _("Activity")),
]


# The years a funding line, a forum or a post may carry; the API documents the bounds.
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_MESSAGE = _("Give a year from 2000 to 2100, e.g. 2019.")


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    """A whole year from 2000 to 2100: anything else is an error of the form, never a
    crash in the database's date arithmetic."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        messages = dict.fromkeys(["invalid", "min_value", "max_value"], YEAR_MESSAGE)
        kwargs.setdefault("error_messages", messages)
        super().__init__(*args, **kwargs)


REFERENCE_CODE = r"^[-a-z0-9_]+$"


@extend_schema_field({"type": "string", "pattern": REFERENCE_CODE})
class ReferenceChoiceFilter(CodeChoiceFilter):
    """A reference item (funding source, activity type) given by its code, e.g. ``apbn``."""

    def __init__(self, *args, example, **kwargs):
        super().__init__(*args, pattern=REFERENCE_CODE, example=example, **kwargs)


def _capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


class SliceForm(forms.Form):
    """The filter form of a slice: a district or village must lie in the province,
    regency and district also chosen.

    ``implied`` names the parents the filter set filled in from a narrower code; their
    own errors are not shown, since the code they came from carries the error (an
    unknown village 99.99.99.9999 makes an unknown regency 99.99 and province 99).
    """

    implied = ()

    def clean(self):
        cleaned = super().clean()
        outside = {
            "district": _("That district is not in the chosen province or regency."),
            "village": _("That village is not in the chosen province, regency or district."),
        }
        levels = ["province", "regency", "district"]
        for name, message in outside.items():
            place = cleaned.get(name)
            parents = [cleaned.get(parent) for parent in levels if parent != name]
            if place and any(p and not place.pk.startswith(f"{p.pk}.") for p in parents):
                # Like an unknown code, a place the other regions do not hold names nothing.
                self.add_error(name, ValidationError(message, code="invalid_choice"))
        for name in self.implied:
            self._errors.pop(name, None)
        return cleaned


class SliceFilter(django_filters.FilterSet):
    """Parameters shared by both filters; subclasses say how each one applies.

    Pass ``staff_user`` to filter within a staff member's scope: it keeps the
    ``state`` filter (of ``FundingFilter``) and limits the region and forum
    choices to the scope. Without it the filter is the public one; the queryset
    given decides which rows it starts from (published ones for the public).

    A value a filter cannot use is an error of its form; the views then show no
    figures (the page and the downloads say which filter is wrong, the API answers
    400), never the whole programme as if no filter had been given.
    """

    year = YearFilter(label=_("Budget year"), field_name="budget_year", method="filter_line")
    province = region_filter(
        "province",
        "forum__village__district__regency__province",
        label=_("Province"),
        method="filter_activity",
        queryset=Province.objects.order_by("name"),
        empty_label=_("All provinces"),
    )
    regency = region_filter(
        "regency",
        "forum__village__district__regency",
        label=_("Regency or city"),
        method="filter_activity",
        queryset=Regency.objects.order_by("name"),
        empty_label=_("All regencies and cities"),
        error_messages={
            "invalid_choice": _(
                "No regency or city of the chosen province has the code “%(value)s”."
            )
        },
    )
    # A district or village (?village=13.72.01.1001): hidden fields, reached from links and
    # the API; each names its regency and province in its code.
    district = region_filter(
        "district",
        "forum__village__district",
        label=_("District"),
        method="filter_activity",
        widget=forms.HiddenInput,
    )
    village = region_filter(
        "village",
        "forum__village",
        label=_("Village"),
        method="filter_activity",
        widget=forms.HiddenInput,
    )
    forum = extend_schema_field({"type": "integer", "minimum": 1, "description": "Forum id"})(
        CodeChoiceFilter(
            label=_("Forum"),
            pattern=r"^[1-9][0-9]*$",
            example="12",
            field_name="forum",
            method="filter_activity",
            queryset=Forum.objects.published(),
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": _("No published forum has the id “%(value)s”.")},
        )
    )
    source = ReferenceChoiceFilter(
        label=_("Funding source"),
        example="apbn",
        field_name="source",
        method="filter_line",
        to_field_name="code",
        queryset=FundingSource.objects.order_by("position", "name"),
        empty_label=_("All funding sources"),
        error_messages={"invalid_choice": _("No funding source has the code “%(value)s”.")},
    )
    type = ReferenceChoiceFilter(
        label=_("Activity type"),
        example="multipurpose-hall",
        field_name="activity_type",
        method="filter_activity",
        to_field_name="code",
        queryset=ActivityType.objects.order_by("position", "name"),
        empty_label=_("All activity types"),
        error_messages={"invalid_choice": _("No activity type has the code “%(value)s”.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="activity_type__kind",
        method="filter_activity",
        choices=_capitalised(ActivityKind.choices),
        empty_label=_("Physical and non-physical"),
        error_messages={"invalid_choice": _("Unknown kind “%(value)s”.")},
    )

    def __init__(self, data=None, *args, staff_user=None, **kwargs):
        data = data.copy() if data is not None else None
        self.implied = []
        # A region names its parents in its code (13.72.01.1001 is in 13.72.01, 13.72 and
        # 13): a link or an API call may give the narrowest alone, and the form still
        # shows the province and regency.
        if data is not None:
            below = str(data.get("village") or data.get("district") or "")
            if below and not data.get("regency"):
                data["regency"] = ".".join(below.split(".")[:2])
                self.implied.append("regency")
            top = str(data.get("regency") or "")
            if top and not data.get("province"):
                data["province"] = top.split(".")[0]
                self.implied.append("province")
        super().__init__(data, *args, **kwargs)
        self.staff_user = staff_user
        if staff_user is None:
            self.filters.pop("state", None)
        else:
            self.filters["province"].queryset = Province.objects.in_scope(staff_user).order_by(
                "name"
            )
            self.filters["district"].queryset = District.objects.in_scope(staff_user)
            self.filters["village"].queryset = Village.objects.in_scope(staff_user)
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

    @property
    def form(self):
        form = super().form
        form.implied = self.implied
        return form

    def invalid_filters(self):
        """The labels of the filters whose values cannot be used (for the page's message)."""
        if not self.is_bound or self.is_valid():
            return []
        fields = self.form.fields
        return [str(fields[name].label) for name in self.errors if name in fields]

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
        error_messages={"invalid_choice": _("Unknown state “%(value)s”.")},
    )
    level = django_filters.ChoiceFilter(
        label=_("Group by"),
        method="keep",
        choices=LEVEL_CHOICES,
        empty_label=_("Next level down"),
        error_messages={"invalid_choice": _("Unknown grouping “%(value)s”.")},
    )

    class Meta:
        model = FundingLine
        fields = []
        form = SliceForm

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
        form = SliceForm

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
