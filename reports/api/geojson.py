"""Published activities and forums as GeoJSON (RFC 7946) for map software:
/api/activities/geojson/ and /api/forums/geojson/.

One Point feature per published activity that has coordinates, at ``[longitude,
latitude]``, with what a map label or popup needs in ``properties``. A forum's point is
its secretariat's coordinates when staff gave them, else the mean of its published
activities' (``located_forums``); a forum with neither is left out.
The collection is paginated like the other lists, with larger pages (``page_size`` up
to ``GeoJsonPagination.max_page_size``); ``count``, ``next`` and ``previous`` are
foreign members of the FeatureCollection, which GeoJSON readers ignore.
"""

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from activities.models import Activity

from .pagination import PortalPagination


class GeoJsonRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class GeoJsonPagination(PortalPagination):
    """500 features a page by default; ``page_size`` asks for up to 2000."""

    page_size = 500
    max_page_size = 2000

    def get_paginated_response(self, data):
        return Response(
            {
                "type": "FeatureCollection",
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)["properties"]
        return {
            "type": "object",
            "required": ["type", "count", "next", "previous", "features"],
            "properties": {
                "type": {"type": "string", "enum": ["FeatureCollection"]},
                "count": {**page["count"], "description": "Features on all pages"},
                "next": page["next"],
                "previous": page["previous"],
                "features": schema,
            },
        }


class ActivityPropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField(source="activity_type.code", help_text="Activity type code")
    type_name = serializers.CharField(source="activity_type.display_name")
    kind = serializers.CharField(source="activity_type.kind")
    status = serializers.CharField()
    forum = serializers.CharField(source="forum.slug", help_text="Slug of the forum")
    forum_name = serializers.CharField(source="forum.name")
    village_code = serializers.CharField(source="forum.village_id")
    village = serializers.CharField(
        source="forum.village.full_path", help_text="The village with its district and regency"
    )
    regency_code = serializers.CharField(source="forum.village.district.regency_id")
    regency = serializers.CharField(source="forum.village.district.regency.name")
    province_code = serializers.CharField(source="forum.village.district.regency.province_id")
    budget = serializers.IntegerField(
        source="budget_total",
        help_text="Whole rupiah, summed over the funding lines matching `year` and `source`",
    )
    url = serializers.CharField(help_text="The activity's page on the portal")


class PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="[longitude, latitude] in degrees (WGS 84)",
    )


class ActivityFeatureSerializer(serializers.Serializer):
    """A GeoJSON Feature: one activity at its coordinates."""

    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField(help_text="The activity's id")
    geometry = PointSerializer()
    properties = ActivityPropertiesSerializer()

    def to_representation(self, activity):
        request = self.context.get("request")
        path = reverse("activity_detail", args=[activity.pk])
        activity.url = request.build_absolute_uri(path) if request else path
        return {
            "type": "Feature",
            "id": activity.pk,
            "geometry": {
                "type": "Point",
                "coordinates": [float(activity.longitude), float(activity.latitude)],
            },
            "properties": self.fields["properties"].to_representation(activity),
        }


def located_forums(forums):
    """``forums`` with ``point_lat``, ``point_lng`` (their own coordinates, else the mean of
    their published activities') and ``placed_activities``; those with neither left out."""
    placed = (
        Activity.objects.public()
        .filter(forum=OuterRef("pk"), latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values("forum")
    )

    def per_forum(aggregate, **extra):
        return Subquery(placed.annotate(value=aggregate).values("value"), **extra)

    return forums.annotate(
        point_lat=Coalesce("latitude", per_forum(Avg("latitude"))),
        point_lng=Coalesce("longitude", per_forum(Avg("longitude"))),
        placed_activities=Coalesce(per_forum(Count("pk"), output_field=IntegerField()), 0),
        own_point=ExpressionWrapper(Q(latitude__isnull=False), output_field=BooleanField()),
    ).filter(point_lat__isnull=False, point_lng__isnull=False)


class ForumPropertiesSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    formation_year = serializers.IntegerField()
    village_code = serializers.CharField(source="village_id")
    village = serializers.CharField(
        source="village.full_path", help_text="The village with its district and regency"
    )
    regency_code = serializers.CharField(source="village.district.regency_id")
    regency = serializers.CharField(source="village.district.regency.name")
    province_code = serializers.CharField(source="village.district.regency.province_id")
    placed_activities = serializers.IntegerField(
        help_text="Published activities with coordinates (their mean is the forum's point "
        "when the forum has no coordinates of its own)"
    )
    own_point = serializers.BooleanField(
        help_text="Whether the point is the forum's own (its secretariat)"
    )
    url = serializers.CharField(help_text="The forum's page on the portal")


class ForumFeatureSerializer(serializers.Serializer):
    """A GeoJSON Feature: one forum at its own point, else at its activities' mean."""

    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.CharField(help_text="The forum's slug")
    geometry = PointSerializer()
    properties = ForumPropertiesSerializer()

    def to_representation(self, forum):
        request = self.context.get("request")
        path = reverse("forum_detail", args=[forum.slug])
        forum.url = request.build_absolute_uri(path) if request else path
        return {
            "type": "Feature",
            "id": forum.slug,
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round(float(forum.point_lng), 6),
                    round(float(forum.point_lat), 6),
                ],
            },
            "properties": self.fields["properties"].to_representation(forum),
        }
