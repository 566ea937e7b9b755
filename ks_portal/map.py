"""The public map (/map/): published activities, meetings and forums as pins, beside a
list of the same.

Pins by kind: physical works, non-physical activities, meetings (at their activity's point,
else at their forum's) and forums (at their secretariat's point). The page filters as the
funding pages do (reports.filters.ActivityFilter: budget year, region, type, funding source,
kind) plus ``show``, one kind of pin. Meetings and forums follow the region filters, and
meetings the year; the type, source and kind filters choose activities, so with any of
them set only activities are shown.

The data endpoint (/map/data.json) stays small at national size: below
``CLUSTER_BELOW_ZOOM`` it answers grid cells counted by the database ({"c": [[lat, lng,
count], ...]}), from that zoom on the pins inside the map's bounds, at most
``POINTS_LIMIT`` ({"p": [[lat, lng, kind, title, place, budget, url, thumbnail], ...]}),
which Leaflet.markercluster groups in the browser. An anonymous GET is kept by the page
cache.
"""

from collections import defaultdict

import django_filters
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, FloatField, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, Floor
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity, ActivityKind, Meeting, ProgressPhoto
from forums.models import Forum, State
from reports.filters import ActivityFilter

CLUSTER_BELOW_ZOOM = 9
POINTS_LIMIT = 2000
LIST_PER_PAGE = 25
# Degrees of one grid cell at zoom 0; halved at each zoom level (about 60 px on screen).
CELL_AT_ZOOM_0 = 80.0


PHYSICAL, NON_PHYSICAL, MEETING, FORUM = range(4)
SHOWN_OTHERS = 10  # meetings and forums listed beside the map when every kind is shown
# Filters that only activities have: with one of them set, only activities are shown.
ACTIVITY_ONLY = ("type", "source", "kind")
REGION_FILTERS = ("village", "district", "regency", "province")


class MapFilter(ActivityFilter):
    show = django_filters.ChoiceFilter(
        label=gettext_lazy("Show"),
        method="keep",
        choices=[
            ("activities", gettext_lazy("Activities")),
            ("meetings", gettext_lazy("Meetings")),
            ("forums", gettext_lazy("Forums")),
        ],
        empty_label=gettext_lazy("Everything"),
        error_messages={"invalid_choice": gettext_lazy("Unknown kind of pin “%(value)s”.")},
    )

    def layers(self):
        """The kinds of pin these filters show: a subset of activities, meetings, forums."""
        data = self.form.cleaned_data
        if any(data.get(name) for name in ACTIVITY_ONLY):
            wanted = {"activities"}
        else:
            wanted = {"activities", "meetings", "forums"}
        return wanted & {data["show"]} if data.get("show") else wanted

    def region_lookup(self, path):
        """The narrowest region filter given, as a lookup from a forum by ``path``."""
        data = self.form.cleaned_data
        for level in REGION_FILTERS:
            if data.get(level):
                return {f"{path}{REGION_PATHS[level]}": data[level]}
        return {}

    def forums(self):
        forums = Forum.objects.published().filter(**self.region_lookup(""))
        if self.form.cleaned_data.get("forum"):
            forums = forums.filter(pk=self.form.cleaned_data["forum"].pk)
        return forums.annotate(point_lat=F("latitude"), point_lng=F("longitude"))

    def meetings(self):
        meetings = (
            Meeting.objects.public()
            .filter(forum__isnull=False, **self.region_lookup("forum__"))
            .annotate(
                point_lat=Coalesce("activity__latitude", "forum__latitude"),
                point_lng=Coalesce("activity__longitude", "forum__longitude"),
            )
        )
        data = self.form.cleaned_data
        if data.get("forum"):
            meetings = meetings.filter(forum=data["forum"])
        if data.get("year"):
            meetings = meetings.filter(held_on__year=data["year"])
        return meetings

    def activities(self):
        return self.qs.annotate(point_lat=F("latitude"), point_lng=F("longitude"))


REGION_PATHS = {
    "village": "village",
    "district": "village__district",
    "regency": "village__district__regency",
    "province": "village__district__regency__province",
}


def map_filter(data):
    return MapFilter(data, queryset=Activity.objects.public())


def placed(queryset):
    return queryset.filter(point_lat__isnull=False, point_lng__isnull=False)


def layer_querysets(filterset):
    """{kind of pin: queryset annotated with point_lat and point_lng, placed ones only}."""
    layers = filterset.layers()
    makers = {
        "activities": filterset.activities,
        "meetings": filterset.meetings,
        "forums": filterset.forums,
    }
    return {name: placed(make()) for name, make in makers.items() if name in layers}


def grid_cells(querysets, zoom):
    """[lat, lng, count] per grid cell: the mean position of the cell's pins, all kinds."""
    size = CELL_AT_ZOOM_0 / 2**zoom
    sums = defaultdict(lambda: [0.0, 0.0, 0])
    for queryset in querysets:
        cells = (
            queryset.order_by()
            .annotate(
                row=Floor(Cast("point_lat", FloatField()) / size),
                column=Floor(Cast("point_lng", FloatField()) / size),
            )
            .values("row", "column")
            .annotate(
                lat=Avg(Cast("point_lat", FloatField())),
                lng=Avg(Cast("point_lng", FloatField())),
                n=Count("pk"),
            )
            .values_list("row", "column", "lat", "lng", "n")
        )
        for row, column, lat, lng, n in cells:
            cell = sums[row, column]
            cell[0] += lat * n
            cell[1] += lng * n
            cell[2] += n
    return [[round(lat / n, 4), round(lng / n, 4), n] for lat, lng, n in sums.values()]


def in_bounds(queryset, bounds):
    west, south, east, north = bounds
    return queryset.filter(
        point_lat__gte=south, point_lat__lte=north, point_lng__gte=west, point_lng__lte=east
    )


def activity_points(activities, limit):
    thumbnail = (
        ProgressPhoto.objects.filter(report__activity=OuterRef("pk"), report__state=State.PUBLISHED)
        .exclude(thumbnail="")
        .order_by("-report__reported_on", "-pk")
        .values("thumbnail")[:1]
    )
    rows = (
        activities.with_totals()
        .annotate(thumb=Subquery(thumbnail))
        .order_by("pk")
        .values_list(
            "point_lat",
            "point_lng",
            "activity_type__kind",
            "title",
            "forum__village__name",
            "budget_total",
            "pk",
            "thumb",
        )[:limit]
    )
    return [
        point(
            lat,
            lng,
            PHYSICAL if kind == ActivityKind.PHYSICAL else NON_PHYSICAL,
            title,
            village,
            budget,
            reverse("activity_detail", args=[key]),
            thumb,
        )
        for lat, lng, kind, title, village, budget, key, thumb in rows
    ]


def meeting_points(meetings, limit):
    rows = meetings.order_by("pk").values_list(
        "point_lat", "point_lng", "theme", "forum__village__name", "pk"
    )[:limit]
    return [
        point(lat, lng, MEETING, theme, village, None, reverse("meeting_detail", args=[key]))
        for lat, lng, theme, village, key in rows
    ]


def forum_points(forums, limit):
    rows = forums.order_by("pk").values_list(
        "point_lat", "point_lng", "name", "village__name", "slug"
    )[:limit]
    return [
        point(lat, lng, FORUM, name, village, None, reverse("forum_detail", args=[slug]))
        for lat, lng, name, village, slug in rows
    ]


def point(lat, lng, kind, title, place, budget, url, thumbnail=None):
    thumb = settings.MEDIA_URL + thumbnail if thumbnail else ""
    return [float(lat), float(lng), kind, title, place, budget, url, thumb]


POINT_MAKERS = {
    "activities": activity_points,
    "meetings": meeting_points,
    "forums": forum_points,
}


def points(querysets, bounds):
    """The pins inside ``bounds`` (west, south, east, north), with what a popup shows; at
    most ``POINTS_LIMIT`` in all."""
    found = []
    for name, queryset in querysets.items():
        left = POINTS_LIMIT - len(found)
        if left <= 0:
            break
        found += POINT_MAKERS[name](in_bounds(queryset, bounds), left)
    return found


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
    querysets = layer_querysets(filterset)
    if zoom < CLUSTER_BELOW_ZOOM:
        return JsonResponse({"c": grid_cells(querysets.values(), zoom)})
    return JsonResponse({"p": points(querysets, bounds)})


def invalid_message(filterset):
    labels = filterset.invalid_filters()
    if not labels:
        return ""
    names = ", ".join(f"“{label}”" for label in labels)
    return _(
        "Nothing is shown: these filters have values that cannot be used: %(names)s. "
        "Correct them, or clear the filters."
    ) % {"names": names}


def listed(name, queryset):
    """A layer's pins as the list beside the map orders them, with what it shows."""
    if name == "activities":
        queryset = queryset.select_related("activity_type", "forum__village").with_totals()
        return queryset.order_by("forum__village__name", "title", "pk")
    if name == "meetings":
        return queryset.select_related("forum__village").order_by("-held_on", "-pk")
    return queryset.select_related("village").order_by("village__name", "name", "pk")


def map_page(request):
    filterset = map_filter(request.GET)
    invalid = invalid_message(filterset)
    context = {"filter": filterset, "invalid": invalid, "crumbs": [(None, _("Map"))]}
    if invalid:
        return render(request, "ks_portal/map.html", context, status=400)
    querysets = layer_querysets(filterset)
    # The list pages through one kind of pin; with every kind shown, through the activities,
    # and the first meetings and forums link to their own list.
    paged = "activities" if "activities" in querysets else next(iter(querysets))
    others = {}
    for name, queryset in querysets.items():
        if name != paged:
            others[name] = (queryset.count(), listed(name, queryset)[:SHOWN_OTHERS])
    activities = filterset.qs if "activities" in querysets else Activity.objects.none()
    without = request.GET.copy()
    without.pop("page", None)
    context.update(
        paged=paged,
        page_obj=Paginator(listed(paged, querysets[paged]), LIST_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        others=others,
        unplaced=activities.filter(latitude__isnull=True).count(),
        data_url=reverse("map_data"),
        query=request.GET.urlencode(),
        show_links={
            name: _with(without, show=name) for name in ("activities", "meetings", "forums")
        },
        map_tile_url=settings.MAP_TILE_URL,
    )
    return render(request, "ks_portal/map.html", context)


def _with(query, **values):
    query = query.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()
