"""Region lookups by Kemendagri code: reference data for everyone, and the source of
the staff workspace's dependent pickers.

One set of endpoints, mounted in the open-data API at ``/api/regions/…``, answers both:
JSON for the public and for other tools, and ``<option>`` elements (``format=options``)
for the pickers, which ask with ``scope=mine`` so that only the regions of the signed-in
staff member's scope come back. They live here, beside the regions, because the
workspace's forms (in this app) use them.
"""

import django_filters
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.viewsets import ReadOnlyModelViewSet

from .filters import region_filter, search_filter
from .models import District, Province, Regency, Village


class OptionsRenderer(BaseRenderer):
    """``<option>`` elements of a region list, for the htmx pickers (``format=options``).

    Also empties the selects below the one being filled (out-of-band swaps), so a
    changed province never leaves an old district on screen.
    """

    media_type = "text/html"
    format = "options"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        rows = data.get("results", []) if isinstance(data, dict) else []
        label = getattr(view, "option_label", lambda row: row["name"])
        options = sorted(((row["code"], label(row)) for row in rows), key=lambda o: o[1])
        context = {
            "options": options,
            "placeholder": _("Choose"),
            "clear": getattr(view, "picker_clears", []),
        }
        return render_to_string("staff/includes/region_options.html", context)


# Serializers -------------------------------------------------------------------------


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class RegencySerializer(serializers.ModelSerializer):
    province_code = serializers.CharField(source="province_id")
    province_name = serializers.CharField(source="province.name")

    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "province_code", "province_name"]


class DistrictSerializer(serializers.ModelSerializer):
    regency_code = serializers.CharField(source="regency_id")
    regency_name = serializers.CharField(source="regency.name")
    province_code = serializers.CharField(source="regency.province_id")
    province_name = serializers.CharField(source="regency.province.name")

    class Meta:
        model = District
        fields = ["code", "name", "regency_code", "regency_name", "province_code", "province_name"]


class VillageSerializer(serializers.ModelSerializer):
    district_code = serializers.CharField(source="district_id")
    district_name = serializers.CharField(source="district.name")
    regency_code = serializers.CharField(source="district.regency_id")
    regency_name = serializers.CharField(source="district.regency.name")
    province_code = serializers.CharField(source="district.regency.province_id")
    province_name = serializers.CharField(source="district.regency.province.name")
    full_path = serializers.CharField(
        help_text='e.g. "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat"'
    )

    class Meta:
        model = Village
        fields = [
            "code",
            "name",
            "kind",
            "postal_code",
            "full_path",
            "district_code",
            "district_name",
            "regency_code",
            "regency_name",
            "province_code",
            "province_name",
        ]


# Filters ------------------------------------------------------------------------------
# A parent code of the wrong form or a ``scope`` other than ``mine`` is an error of the
# filter's form, answered 400; an unknown parent code is answered 404 (both name the
# parameter: ks_portal/api_parameters.py). Like every list, these are paginated (at most
# 200 a page), so even the 83,762 villages are never sent at once.


class RegionFilter(django_filters.FilterSet):
    """Base of the region lookups' filters: by name or code, within a staff scope."""

    q = search_filter(
        "Part of the name (case, spaces and hyphens ignored) or the start of the code."
    )
    scope = django_filters.ChoiceFilter(
        choices=[("mine", "mine")],
        method="filter_scope",
        help_text="`mine`: only the regions of the signed-in staff member's scope "
        "(for the workspace pickers; empty for anyone else).",
    )

    def filter_text(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        if text.replace(".", "").isdigit():
            return queryset.filter(code__startswith=text)
        return queryset.search(text)

    def filter_scope(self, queryset, name, value):
        return queryset.in_scope(self.request.user)


class RegencyFilter(RegionFilter):
    province = region_filter("province", "province")


class DistrictFilter(RegionFilter):
    regency = region_filter("regency", "regency")


class VillageFilter(RegionFilter):
    district = region_filter("district", "district")


# Endpoints ----------------------------------------------------------------------------


class RegionViewSet(ReadOnlyModelViewSet):
    """Base of the region lookups: by parent code, by name or code, within a staff scope."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, OptionsRenderer]
    picker_clears = []  # (select, empty label) to empty below the one being filled
    filterset_class = RegionFilter
    model = None
    related = []

    def get_queryset(self):
        return self.model.objects.select_related(*self.related).order_by("code")


class ProvinceViewSet(RegionViewSet):
    """The 38 provinces, by Kemendagri code (e.g. 13 for Sumatera Barat)."""

    model = Province
    serializer_class = ProvinceSerializer


class RegencyViewSet(RegionViewSet):
    """Regencies (kabupaten) and cities (kota), e.g. 13.72 for Kota Solok."""

    model = Regency
    serializer_class = RegencySerializer
    filterset_class = RegencyFilter
    picker_clears = [
        ("district", gettext_lazy("Choose a regency or city first")),
        ("village", gettext_lazy("Choose a district first")),
    ]
    related = ["province"]


class DistrictViewSet(RegionViewSet):
    """Districts (kecamatan), e.g. 13.72.01, by regency (``regency``) or name (``q``)."""

    model = District
    serializer_class = DistrictSerializer
    filterset_class = DistrictFilter
    picker_clears = [("village", gettext_lazy("Choose a district first"))]
    related = ["regency__province"]


class VillageViewSet(RegionViewSet):
    """Villages (desa) and urban villages (kelurahan), each with its full path.

    By district (``district``) or name (``q``); 83,762 in all, paginated like every list.
    """

    model = Village
    serializer_class = VillageSerializer
    filterset_class = VillageFilter
    related = ["district__regency__province"]

    @staticmethod
    def option_label(row):
        kind = _("Desa") if row["kind"] == Village.Kind.DESA else _("Kelurahan")
        return f"{kind} {row['name']}"
