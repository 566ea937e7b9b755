"""Filters of the staff lists kept in this app: a record's state and its regency (within the
user's scope) for each, plus the forum list's programme year and text."""

import django_filters
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Forum, Regency, State


class StaffStateRegencyFilter(django_filters.FilterSet):
    """State and regency, the regencies offered being those of the user's scope. A
    subclass names the regency's path in ``regency_path`` when it is not the village's."""

    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(value, capfirst(label)) for value, label in State.choices],
        empty_label=_("All states"),
        error_messages={"invalid_choice": _("Unknown state; showing every state.")},
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency or city"),
        field_name="village__district__regency",
        queryset=Regency.objects.none(),
        empty_label=_("All regencies and cities"),
        error_messages={
            "invalid_choice": _("That regency or city is outside your region; showing all.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["regency"].queryset = (
            Regency.objects.in_scope(self.request.user)
            .select_related("province")
            .order_by("province__name", "name")
        )


class StaffForumFilter(StaffStateRegencyFilter):
    q = django_filters.CharFilter(
        label=_("Forum or village"),
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Programme year"),
        field_name="formation_year",
        empty_label=_("All years"),
        error_messages={"invalid_choice": _("No forum of yours has that year; showing all years.")},
    )

    class Meta:
        model = Forum
        fields = ["q", "state", "year", "regency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ``self.queryset`` is already limited to the user's scope.
        self.filters["year"].extra["choices"] = [
            (year, year) for year in self.queryset.programme_years()
        ]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
