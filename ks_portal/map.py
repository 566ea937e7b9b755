"""The public map (/map/): published activities as pins, beside a list of the same.

Pins are activities with coordinates (works by type, non-physical activities such as
meetings by their own colour); forums have no coordinates of their own, so a forum is
on the map through its activities. The page filters as the funding pages do
(reports.filters.ActivityFilter: budget year, province, type, funding source, kind).

The data endpoint (/map/data.json) stays small at national size: below
``CLUSTER_BELOW_ZOOM`` it answers grid cells counted by the database ({"c": [[lat, lng,
count], ...]}), from that zoom on the pins inside the map's bounds, at most
``POINTS_LIMIT`` ({"p": [[lat, lng, kind, title, village, budget, url], ...]}), which
Leaflet.markercluster groups in the browser. An anonymous GET is kept by the page cache.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Avg, Count, FloatField
from django.db.models.functions import Cast, Floor
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityKind
from reports.filters import ActivityFilter

CLUSTER_BELOW_ZOOM = 9
POINTS_LIMIT = 2000
LIST_PER_PAGE = 25
# Degrees of one grid cell at zoom 0; halved at each zoom level (about 60 px on screen).
CELL_AT_ZOOM_0 = 80.0


def map_filter(data):
    return ActivityFilter(data, queryset=Activity.objects.public())


def with_coordinates(activities):
    return activities.filter(latitude__isnull=False, longitude__isnull=False)


def grid_cells(activities, zoom):
    """[lat, lng, count] per grid cell: the mean position of the cell's activities."""
    size = CELL_AT_ZOOM_0 / 2**zoom
    cells = (
        activities.order_by()
        .annotate(
            row=Floor(Cast("latitude", FloatField()) / size),
            column=Floor(Cast("longitude", FloatField()) / size),
        )
        .values("row", "column")
        .annotate(
            lat=Avg(Cast("latitude", FloatField())),
            lng=Avg(Cast("longitude", FloatField())),
            n=Count("pk"),
        )
        .values_list("lat", "lng", "n")
    )
    return [[round(lat, 4), round(lng, 4), n] for lat, lng, n in cells]


def points(activities, bounds):
    """The pins inside ``bounds`` (west, south, east, north), with what a popup shows."""
    west, south, east, north = bounds
    rows = (
        activities.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        )
        .with_totals()
        .order_by("pk")
        .values_list(
            "latitude",
            "longitude",
            "activity_type__kind",
            "title",
            "forum__village__name",
            "budget_total",
            "pk",
        )[:POINTS_LIMIT]
    )
    return [
        [
            float(lat),
            float(lng),
            0 if kind == ActivityKind.PHYSICAL else 1,
            title,
            village,
            budget,
            reverse("activity_detail", args=[key]),
        ]
        for lat, lng, kind, title, village, budget, key in rows
    ]


def _number(text, low, high):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def view_parameters(data):
    """(zoom, bounds, error message): the map's view from ``zoom`` and ``bbox``."""
    zoom = _number(data.get("zoom", "5"), 0, 20)
    if zoom is None or zoom != int(zoom):
        return None, None, _("Give a zoom level from 0 to 20.")
    parts = data.get("bbox", "94,-12,142,7").split(",")
    bounds = [_number(part, -180, 180) for part in parts]
    if len(bounds) != 4 or None in bounds or bounds[0] > bounds[2] or bounds[1] > bounds[3]:
        return None, None, _("Give the map bounds as west,south,east,north in degrees.")
    return int(zoom), bounds, ""


def map_data(request):
    filterset = map_filter(request.GET)
    zoom, bounds, problem = view_parameters(request.GET)
    if not filterset.is_valid():
        problem = " ".join(
            f"{filterset.form.fields[name].label}: {' '.join(messages)}"
            for name, messages in filterset.errors.items()
            if name in filterset.form.fields
        )
    if problem:
        return JsonResponse({"detail": problem}, status=400)
    activities = with_coordinates(filterset.qs)
    if zoom < CLUSTER_BELOW_ZOOM:
        return JsonResponse({"c": grid_cells(activities, zoom)})
    return JsonResponse({"p": points(activities, bounds)})


def invalid_message(filterset):
    labels = filterset.invalid_filters()
    if not labels:
        return ""
    names = ", ".join(f"“{label}”" for label in labels)
    return _(
        "Nothing is shown: these filters have values that cannot be used: %(names)s. "
        "Correct them, or clear the filters."
    ) % {"names": names}


def map_page(request):
    filterset = map_filter(request.GET)
    invalid = invalid_message(filterset)
    context = {"filter": filterset, "invalid": invalid, "crumbs": [(None, _("Map"))]}
    if invalid:
        return render(request, "ks_portal/map.html", context, status=400)
    activities = filterset.qs
    placed = with_coordinates(activities)
    listed = (
        placed.select_related("activity_type", "forum__village")
        .with_totals()
        .order_by("forum__village__name", "title", "pk")
    )
    context.update(
        page_obj=Paginator(listed, LIST_PER_PAGE).get_page(request.GET.get("page")),
        unplaced=activities.exclude(pk__in=placed.values("pk")).count(),
        data_url=reverse("map_data"),
        query=request.GET.urlencode(),
        map_tile_url=settings.MAP_TILE_URL,
    )
    return render(request, "ks_portal/map.html", context)
