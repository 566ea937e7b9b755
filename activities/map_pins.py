"""Pins of the small maps on the activity, forum and region pages (static/js/small_map.js).

A page hands the include templates/includes/small_map.html a JSON list of
[lat, lng, title, url] (and "forum" fifth for a forum's own point), read by the script
from a data attribute (no inline script).
"""

import json

from django.urls import reverse

# A region page draws at most this many of its activities.
REGION_PINS = 500


def pins_json(rows):
    """JSON of [lat, lng, title, url] for (latitude, longitude, title, pk) rows; the rows
    without coordinates are left out, and no pin gives an empty string."""
    pins = [
        [float(lat), float(lng), title, reverse("activity_detail", args=[key])]
        for lat, lng, title, key in rows
        if lat is not None and lng is not None
    ]
    return json.dumps(pins) if pins else ""


def activity_pins(activities, forum=None):
    """Pins of already loaded activities (no query), and of ``forum``'s own point."""
    pins = pins_json((a.latitude, a.longitude, a.title, a.pk) for a in activities)
    if forum is None or forum.latitude is None or forum.longitude is None:
        return pins
    own = [float(forum.latitude), float(forum.longitude), forum.name]
    own += [reverse("forum_detail", args=[forum.slug]), "forum"]
    return json.dumps([own, *(json.loads(pins) if pins else [])])


def region_pins(activities):
    """Pins of a queryset of activities: one query, at most ``REGION_PINS``."""
    rows = (
        activities.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("latitude", "longitude", "title", "pk")[:REGION_PINS]
    )
    return pins_json(rows)
