"""Read-only endpoints of the open-data API.

Programme data is the published data only, whoever asks: the API is open data,
not a staff tool. The region lookups are reference data for everyone and also
feed the staff workspace's pickers, which ask for ``scope=mine``.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from activities.models import Activity, ActivityKind, FundingLine, Meeting
from forums.filters import code_schema
from forums.models import ConflictIncident, Forum, Post, Regency, Village
from forums.resilience import regency_of, resilience_changes, summarise

from .. import eligibility, selectors, targeting
from ..filters import FIRST_YEAR, LAST_YEAR, LEVELS, FundingFilter
from ..models import VillageEligibility
from . import geojson, serializers
from .filters import (
    ActivityApiFilter,
    ActivityGeoJsonFilter,
    EligibilityCountFilter,
    ForumApiFilter,
    IncidentCountFilter,
    MeetingApiFilter,
    PostApiFilter,
    ResilienceFilter,
)
from .pagination import PortalPagination, page_parameters

# Programme data -------------------------------------------------------------------


GEOJSON_LIST = {
    "pagination_class": geojson.GeoJsonPagination,
    "renderer_classes": [geojson.GeoJsonRenderer, JSONRenderer],
}


class ForumViewSet(ReadOnlyModelViewSet):
    """Published forums, each with the village it serves. Look one up by its slug."""

    serializer_class = serializers.ForumSerializer
    filterset_class = ForumApiFilter
    lookup_field = "slug"

    def get_queryset(self):
        forums = Forum.objects.published().with_village().order_by("pk")
        return geojson.located_forums(forums) if self.action == "geojson" else forums

    @extend_schema(
        summary="Published forums as GeoJSON",
        description="A GeoJSON FeatureCollection (RFC 7946, `application/geo+json`): one "
        "Point feature per published forum at `[longitude, latitude]`: its secretariat's "
        "coordinates when given, else the mean of its published activities' coordinates "
        "(a forum with neither is left out). Takes the filters of the forums list; "
        "paginated, 500 features a page by default and at most 2000 (`page_size`), with "
        "`count`, `next` and `previous` beside the features.",
        responses=geojson.ForumFeatureSerializer(many=True),
    )
    @action(
        detail=False,
        url_path="geojson",
        serializer_class=geojson.ForumFeatureSerializer,
        **GEOJSON_LIST,
    )
    def geojson(self, request):
        return self.list(request)


class ActivityViewSet(ReadOnlyModelViewSet):
    """Published activities of published forums, with their funding lines and totals.

    Takes the filters of the funding summary. With ``year`` or ``source``, an activity is
    listed when one of its lines matches, and only the matching lines are nested, so the
    totals of all pages add up to ``/api/funding/summary/`` for the same filters.
    """

    serializer_class = serializers.ActivitySerializer
    filterset_class = ActivityApiFilter  # also nests the lines and totals of one activity

    def get_queryset(self):
        return (
            Activity.objects.public()
            .select_related("activity_type", "forum__village__district__regency__province")
            .order_by("pk")
        )

    @extend_schema(
        summary="Published activities as GeoJSON",
        description="A GeoJSON FeatureCollection (RFC 7946, `application/geo+json`): one "
        "Point feature at `[longitude, latitude]` per published activity that has "
        "coordinates (those without are left out). Takes the filters of the activities "
        "list; paginated, 500 features a page by default and at most 2000 (`page_size`), "
        "with `count`, `next` and `previous` beside the features.",
        responses=geojson.ActivityFeatureSerializer(many=True),
    )
    @action(
        detail=False,
        url_path="geojson",
        filterset_class=ActivityGeoJsonFilter,
        serializer_class=geojson.ActivityFeatureSerializer,
        **GEOJSON_LIST,
    )
    def geojson(self, request):
        return self.list(request)


class MeetingViewSet(ReadOnlyModelViewSet):
    """Published meetings (thematic dialogues and others) with speakers and attendance."""

    serializer_class = serializers.MeetingSerializer
    filterset_class = MeetingApiFilter

    def get_queryset(self):
        return (
            Meeting.objects.public()
            .select_related("regency", "forum", "activity__forum")
            .prefetch_related("speakers")
            .order_by("-held_on", "-pk")
        )


class NewsViewSet(ReadOnlyModelViewSet):
    """Published news posts. The body is sanitised HTML. Look one up by its slug."""

    serializer_class = serializers.PostSerializer
    filterset_class = PostApiFilter
    lookup_field = "slug"

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("regency", "forum")
            .order_by("-published_at", "-pk")
        )


# The funding summary -------------------------------------------------------------------


class BreakdownRowSerializer(drf_serializers.Serializer):
    key = drf_serializers.CharField(
        help_text="Source or type code, budget year, kind; in rows: region code, forum or "
        "activity id"
    )
    name = drf_serializers.CharField()
    budget = drf_serializers.IntegerField()
    spending = drf_serializers.IntegerField()
    remainder = drf_serializers.IntegerField()
    forums = drf_serializers.IntegerField()
    activities = drf_serializers.IntegerField()


class SummaryRowSerializer(BreakdownRowSerializer):
    province_code = drf_serializers.CharField(required=False, help_text="Rows of regencies")
    slug = drf_serializers.CharField(required=False, help_text="Rows of forums")
    forum_name = drf_serializers.CharField(required=False, help_text="Rows of activities")
    type = drf_serializers.CharField(required=False, help_text="Rows of activities")
    kind = drf_serializers.CharField(required=False, help_text="Rows of activities")
    status = drf_serializers.CharField(required=False, help_text="Rows of activities")


class TotalsSerializer(drf_serializers.Serializer):
    budget = drf_serializers.IntegerField()
    spending = drf_serializers.IntegerField()
    remainder = drf_serializers.IntegerField()
    forums = drf_serializers.IntegerField()
    activities = drf_serializers.IntegerField()
    lines = drf_serializers.IntegerField(help_text="Funding lines")


class RowsPageSerializer(drf_serializers.Serializer):
    count = drf_serializers.IntegerField()
    next = drf_serializers.URLField(allow_null=True)
    previous = drf_serializers.URLField(allow_null=True)
    results = SummaryRowSerializer(many=True)


class FundingSummarySerializer(drf_serializers.Serializer):
    level = drf_serializers.ChoiceField(choices=LEVELS)
    totals = TotalsSerializer()
    by_source = BreakdownRowSerializer(many=True)
    by_year = BreakdownRowSerializer(many=True)
    by_kind = BreakdownRowSerializer(many=True)
    by_type = BreakdownRowSerializer(many=True)
    rows = RowsPageSerializer(help_text="Totals per row of the drill-down level, paginated")


def _region(level):
    schema = code_schema(level)
    return OpenApiParameter(level, schema, description=schema["description"])


_SLICE_PARAMETERS = [
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        description="Budget year of the funding lines",
    ),
    *[_region(level) for level in ("province", "regency", "district", "village")],
    OpenApiParameter("forum", {"type": "integer", "minimum": 1}, description="Forum id"),
    OpenApiParameter(
        "source",
        {"type": "string", "pattern": r"^[-a-z0-9_]+$"},
        description="Funding source code, e.g. apbn",
    ),
    OpenApiParameter(
        "type", {"type": "string", "pattern": r"^[-a-z0-9_]+$"}, description="Activity type code"
    ),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=ActivityKind.values),
    OpenApiParameter(
        "level",
        OpenApiTypes.STR,
        enum=LEVELS,
        description="Rows per province, regency, forum or activity; by default one level "
        "below the narrowest region filter",
    ),
    *page_parameters(PortalPagination, "Page of the rows", "Rows per page"),
]


class FundingSummaryView(GenericAPIView):
    """Budget, spending and remainder of published activities, grouped as on the funding page.

    Same filters and the same figures as /reports/funding/ for the public: totals, breakdowns
    by source, year, kind and type, and the drill-down rows (paginated).
    """

    pagination_class = PortalPagination
    filterset_class = FundingFilter  # the filter backend refuses what it cannot use

    def get_queryset(self):
        return FundingLine.objects.public()

    @extend_schema(parameters=_SLICE_PARAMETERS, responses=FundingSummarySerializer)
    def get(self, request):
        self.filter_queryset(self.get_queryset())  # a 400 for any invalid parameter
        funding = selectors.funding_slice(request.query_params, public=True)
        summary = funding.summary()
        paginator = self.paginator
        rows = funding.grouped_rows()
        page = selectors.figure_rows(paginator.paginate_queryset(rows, request, view=self))
        data = {
            **summary,
            "level": funding.level,
            "rows": {
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "results": page,
            },
        }
        return Response(FundingSummarySerializer(data).data)


class IncidentCountSerializer(drf_serializers.Serializer):
    regency = drf_serializers.CharField(help_text="Kemendagri code of the regency or city")
    regency_name = drf_serializers.CharField()
    province = drf_serializers.CharField(help_text="Kemendagri code of the province")
    trigger = drf_serializers.CharField(help_text="Code of the conflict trigger")
    trigger_name = drf_serializers.CharField()
    incidents = drf_serializers.IntegerField(min_value=1)


class IncidentCountsView(GenericAPIView):
    """Published conflict incidents counted by regency and trigger.

    Counts only: an incident's description, date and source are never published. Filter by
    ``province``, ``regency`` and ``years`` (the last 1 to 10 years).
    """

    filterset_class = IncidentCountFilter
    pagination_class = None

    def get_queryset(self):
        return ConflictIncident.objects.published()

    @extend_schema(responses=IncidentCountSerializer(many=True))
    def get(self, request):
        incidents = self.filter_queryset(self.get_queryset())
        rows = targeting.counts_by_regency_and_trigger(incidents)
        return Response(IncidentCountSerializer(rows, many=True).data)


class EligibilityCountSerializer(drf_serializers.Serializer):
    regency = drf_serializers.CharField(help_text="Kemendagri code of the regency or city")
    regency_name = drf_serializers.CharField()
    province = drf_serializers.CharField(help_text="Kemendagri code of the province")
    villages = drf_serializers.IntegerField(
        min_value=1, help_text="Programme villages (with a published forum)"
    )
    eligible = drf_serializers.IntegerField(
        min_value=0, help_text="Of those, eligible as a Desa Berketahanan Sosial"
    )


class EligibilityCountsView(GenericAPIView):
    """Programme villages and those eligible as a Desa Berketahanan Sosial, by regency.

    The verdicts of the last nightly check (``/reports/eligibility/`` states the rules).
    Filter by ``province`` and ``regency``.
    """

    filterset_class = EligibilityCountFilter
    pagination_class = None

    def get_queryset(self):
        return VillageEligibility.objects.all()

    @extend_schema(responses=EligibilityCountSerializer(many=True))
    def get(self, request):
        rows = eligibility.counts_by_regency(self.filter_queryset(self.get_queryset()))
        return Response(EligibilityCountSerializer(rows, many=True).data)


def _score(**kwargs):
    return drf_serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True, **kwargs)


class ResilienceRowSerializer(drf_serializers.Serializer):
    regency = drf_serializers.CharField(help_text="Kemendagri code of the regency or city")
    regency_name = drf_serializers.CharField()
    province = drf_serializers.CharField(help_text="Kemendagri code of the province")
    villages = drf_serializers.IntegerField(
        min_value=1, help_text="Villages with a published resilience profile"
    )
    compared = drf_serializers.IntegerField(
        min_value=0, help_text="Of those, with a baseline and a later follow-up"
    )
    baseline = _score(help_text="Mean score (1-5) of the baseline profiles")
    latest = _score(help_text="Mean score of the latest follow-up profiles")
    change = _score(help_text="latest - baseline")
    institutions_change = _score()
    norms_change = _score()
    networks_change = _score()


class ResilienceSummaryView(GenericAPIView):
    """Village resilience profiles averaged per regency: the mean score (1 to 5) of the
    baseline profiles and of the latest follow-ups, over the villages with both, and the
    change overall and per target (social institutions, norms, networks).

    Published profiles only, and averages only: no village's scores, notes or evidence.
    Filter by ``province`` and ``regency``.
    """

    filterset_class = ResilienceFilter
    pagination_class = None

    def get_queryset(self):
        return Village.objects.all()

    @extend_schema(responses=ResilienceRowSerializer(many=True))
    def get(self, request):
        villages = self.filter_queryset(self.get_queryset())
        groups = summarise(resilience_changes(villages), regency_of)
        regencies = Regency.objects.in_bulk(list(groups))
        rows = []
        for code, group in groups.items():
            changes = {target: group.by_target[target][2] for target in group.by_target}
            rows.append(
                {
                    "regency": code,
                    "regency_name": regencies[code].name,
                    "province": code[:2],
                    "villages": group.villages,
                    "compared": group.compared,
                    "baseline": group.baseline,
                    "latest": group.latest,
                    "change": group.change,
                    **{f"{target}_change": change for target, change in changes.items()},
                }
            )
        return Response(ResilienceRowSerializer(rows, many=True).data)


class UnknownAddressView(APIView):
    """Any other address under /api/ that ends in a slash: the API's own JSON 404 (and its
    throttle), not the site's HTML page, for every method."""

    schema = None  # not an operation of the API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()
