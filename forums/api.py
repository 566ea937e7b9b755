"""Region lookups by Kemendagri code: reference data for everyone, and the source of
the staff workspace's dependent pickers.

One set of endpoints, mounted in the open-data API at ``/api/regions/…``, answers both:
JSON for the public and for other tools, and ``<option>`` elements (``format=options``)
for the pickers, which ask with ``scope=mine`` so that only the regions of the signed-in
staff member's scope come back. They live here, beside the regions, because the
workspace's forms (in this app) use them.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings
from rest_framework.viewsets import ReadOnlyModelViewSet

from .models import District, Province, Regency, Village, region_code

MIN_SEARCH = 2


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


# Endpoints ----------------------------------------------------------------------------

_SCOPE = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    enum=["mine"],
    description="`mine`: only the regions of the signed-in staff member's scope "
    "(for the workspace pickers; empty for anyone else).",
)
_Q = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description="Part of the name (case, spaces and hyphens ignored) or the start of the code.",
)


class RegionViewSet(ReadOnlyModelViewSet):
    """Base of the region lookups: by parent code, by name or code, within a staff scope."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, OptionsRenderer]
    picker_clears = []  # (select, empty label) to empty below the one being filled
    filter_backends = []
    model = None
    parent = None  # (query parameter, lookup) narrowing the list to a parent region
    related = []
    needs_narrowing = False

    def get_queryset(self):
        return self.model.objects.select_related(*self.related).order_by("code")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        parent_code = region_code(params.get(self.parent[0])) if self.parent else ""
        text = params.get("q", "").strip()
        if self.needs_narrowing and not parent_code and len(text) < MIN_SEARCH:
            raise ValidationError(
                {
                    "detail": _(
                        "Give the parent region (%(parent)s=code) or at least %(count)s "
                        "characters of the name (q=…)."
                    )
                    % {"parent": self.parent[0], "count": MIN_SEARCH}
                }
            )
        if parent_code:
            queryset = queryset.filter(**{self.parent[1]: parent_code})
        if text:
            if text.replace(".", "").isdigit():
                queryset = queryset.filter(code__startswith=text)
            else:
                queryset = queryset.search(text)
        if params.get("scope") == "mine":
            queryset = queryset.in_scope(self.request.user)
        return queryset


@extend_schema_view(list=extend_schema(parameters=[_Q, _SCOPE]))
class ProvinceViewSet(RegionViewSet):
    """The 38 provinces, by Kemendagri code (e.g. 13 for Sumatera Barat)."""

    model = Province
    serializer_class = ProvinceSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, description="Province code, e.g. 13"),
            _Q,
            _SCOPE,
        ]
    )
)
class RegencyViewSet(RegionViewSet):
    """Regencies (kabupaten) and cities (kota), e.g. 13.72 for Kota Solok."""

    model = Regency
    serializer_class = RegencySerializer
    picker_clears = [
        ("district", gettext_lazy("Choose a regency or city first")),
        ("village", gettext_lazy("Choose a district first")),
    ]
    parent = ("province", "province")
    related = ["province"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "regency", OpenApiTypes.STR, description="Regency code, e.g. 13.72 (or give q)"
            ),
            _Q,
            _SCOPE,
        ]
    )
)
class DistrictViewSet(RegionViewSet):
    """Districts (kecamatan), e.g. 13.72.01. The list needs ``regency`` or a ``q``."""

    model = District
    serializer_class = DistrictSerializer
    picker_clears = [("village", gettext_lazy("Choose a district first"))]
    parent = ("regency", "regency")
    related = ["regency__province"]
    needs_narrowing = True


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "district",
                OpenApiTypes.STR,
                description="District code, e.g. 13.72.01 (or give q)",
            ),
            _Q,
            _SCOPE,
        ]
    )
)
class VillageViewSet(RegionViewSet):
    """Villages (desa) and urban villages (kelurahan), each with its full path.

    The list needs ``district`` or a ``q`` of at least two characters: there are
    83,762 villages, and the API never sends them all.
    """

    model = Village
    serializer_class = VillageSerializer

    @staticmethod
    def option_label(row):
        kind = _("Desa") if row["kind"] == Village.Kind.DESA else _("Kelurahan")
        return f"{kind} {row['name']}"

    parent = ("district", "district")
    related = ["district__regency__province"]
    needs_narrowing = True
