"""Filters of the public lists: the news list and the forum directory (django-filter).

A bad value in the query string (``year=abc``, ``province=zz``) leaves that filter
out and shows the form's message next to the field; the views never fail on it.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField
from drf_spectacular.utils import extend_schema_field

from .models import District, Forum, Post, Province, Regency, Village, region_code


class CodeChoiceField(ModelChoiceField):
    """A choice by code that checks the code's form first (given a ``pattern``): a value of
    the wrong form is ``invalid`` (the API answers 400), a well-formed code that names
    nothing is an ``invalid_choice`` (the API answers 404)."""

    def __init__(self, *args, pattern=None, example=None, **kwargs):
        self.pattern = re.compile(pattern) if pattern else None
        self.example = example
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and self.pattern and not self.pattern.match(value):
            raise ValidationError(
                _("Give a code of the form %(example)s."),
                code="invalid",
                params={"example": self.example},
            )
        return super().to_python(value)


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CodeChoiceField


def code_choice_filter(pattern, example, description=None, **kwargs):
    """A filter by the code of a reference item (``pattern``, e.g. ``^\\d{2}$``), documented
    in the API's schema with its pattern and an example."""
    schema = {"type": "string", "pattern": pattern, "example": example}
    if description:
        schema["description"] = description
    return extend_schema_field(schema)(CodeChoiceFilter(pattern=pattern, example=example, **kwargs))


class RegionChoiceField(CodeChoiceField):
    # Regency.__str__ adds the province; in a list already limited to one province
    # the plain name reads better and needs no query per option.
    def label_from_instance(self, obj):
        return obj.name


class RegionChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RegionChoiceField


# Each level's Kemendagri code: its shape (for the API's schema) and an example.
REGION_CODES = {
    "province": (r"^\d{2}$", "13"),
    "regency": (r"^\d{2}\.\d{2}$", "13.72"),
    "district": (r"^\d{2}\.\d{2}\.\d{2}$", "13.72.01"),
    "village": (r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", "13.72.01.1001"),
}
REGION_NAMES = {
    "province": "Province",
    "regency": "Regency or city",
    "district": "District (kecamatan)",
    "village": "Village (desa or kelurahan)",
}
REGION_MODELS = {"province": Province, "regency": Regency, "district": District, "village": Village}
UNKNOWN_REGION = {
    "province": _("No province has the code “%(value)s”."),
    "regency": _("No regency or city has the code “%(value)s”."),
    "district": _("No district has the code “%(value)s”."),
    "village": _("No village has the code “%(value)s”."),
}


def code_schema(level):
    """The OpenAPI schema of a region code parameter of ``level``: its pattern, an example."""
    pattern, example = REGION_CODES[level]
    description = f"{REGION_NAMES[level]} code, e.g. {example}"
    return {"type": "string", "pattern": pattern, "example": example, "description": description}


def region_filter(level, field_name, **kwargs):
    """A filter by the Kemendagri code of a region of ``level``, documented with the code's
    pattern; a code of another form or an unknown code is an error of the form (the API
    answers 400 for the first, 404 for the second)."""
    pattern, example = REGION_CODES[level]
    kwargs.setdefault("queryset", REGION_MODELS[level].objects.all())
    kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_REGION[level]})
    return extend_schema_field(code_schema(level))(
        RegionChoiceFilter(field_name=field_name, pattern=pattern, example=example, **kwargs)
    )


SEARCH_LENGTH = 100


def search_filter(help_text, length=SEARCH_LENGTH):
    """A search of the API (``q``, its filter set's ``filter_text``): 1 to ``length``
    characters, as its schema says."""
    return extend_schema_field({"type": "string", "minLength": 1, "maxLength": length})(
        django_filters.CharFilter(method="filter_text", max_length=length, help_text=help_text)
    )


def _capitalised(choices):
    return [(value, capfirst(label)) for value, label in choices]


def _search_filter(label):
    return django_filters.CharFilter(
        label=label,
        method="filter_text",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def _province_filter(path):
    return RegionChoiceFilter(
        label=_("Province"),
        field_name=path,
        queryset=Province.objects.order_by("name"),
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("Unknown province; showing all provinces.")},
    )


def _year_filter(label, path, **lookup):
    # Choices are the years that have published data; set per request in __init__.
    return django_filters.ChoiceFilter(
        label=label,
        field_name=path,
        empty_label=_("All years"),
        error_messages={
            "invalid_choice": _("Nothing was published for that year; showing all years.")
        },
        **lookup,
    )


class PostFilter(django_filters.FilterSet):
    q = _search_filter(_("Search"))
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=_capitalised(Post.Category.choices),
        empty_label=_("All categories"),
        error_messages={"invalid_choice": _("Unknown category; showing all categories.")},
    )
    province = _province_filter("regency__province")
    year = _year_filter(_("Year"), "published_at", lookup_expr="year")

    class Meta:
        model = Post
        fields = ["q", "category", "province", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.publication_years()
        self.filters["year"].extra["choices"] = [(year, year) for year in years]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class ForumFilter(django_filters.FilterSet):
    q = _search_filter(_("Forum or village"))
    province = _province_filter("village__district__regency__province")
    regency = RegionChoiceFilter(
        label=_("Regency or city"),
        field_name="village__district__regency",
        queryset=Regency.objects.none(),
        empty_label=_("All regencies and cities"),
        error_messages={
            "invalid_choice": _(
                "That regency or city is not in the chosen province; showing the whole province."
            )
        },
    )
    year = _year_filter(_("Programme year"), "formation_year")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=_capitalised(Forum.Status.choices),
        empty_label=_("All statuses"),
        error_messages={"invalid_choice": _("Unknown status; showing every status.")},
    )

    class Meta:
        model = Forum
        fields = ["q", "province", "regency", "year", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.programme_years()
        self.filters["year"].extra["choices"] = [(year, year) for year in years]
        # The regency list follows the chosen province; without one it would hold
        # all 514 regencies and cities, so it waits for a province instead.
        regency = self.filters["regency"]
        province = region_code(self.data.get("province"))
        if province:
            regency.queryset = Regency.objects.filter(province_id=province).order_by("name")
        else:
            regency.extra.update(disabled=True, help_text=_("Choose a province first."))

    def filter_text(self, queryset, name, value):
        return queryset.search(value)
