"""The site search: the places a query names, and the published records it finds.

A query that names a place ("Bau Bau", "Kota Bau Bau", "Kab. Rokan Hulu", "Sumatera
Barat") finds the forums, activities, meetings and news there as well as those whose
own text matches. Places are found in the region tables by their folded
``search_name`` (a leading "Kota", "Desa", "Kecamatan"… says which level is meant),
one query per level, and records are then filtered by the codes found: the search
runs the same few queries whatever the size of the data (``site_search``).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, Meeting
from forums.models import District, Forum, Post, Province, Regency, Village, fold_name
from forums.text_search import Places

RESULTS_PER_GROUP = 10
# Records are filtered by at most this many places of each level, the closest first.
PLACES_PER_LEVEL = 100
# A shorter folded name ("ba") is part of too many names to mean a place.
PLACE_MIN_LENGTH = 3

# The words that may precede a region's name, and the level (and kind) they name.
KIND_WORDS = {
    "provinsi": (Province, None),
    "prov": (Province, None),
    "kabupaten": (Regency, Regency.Kind.KABUPATEN),
    "kab": (Regency, Regency.Kind.KABUPATEN),
    "kota": (Regency, Regency.Kind.KOTA),
    "kecamatan": (District, None),
    "kec": (District, None),
    "desa": (Village, Village.Kind.DESA),
    "kelurahan": (Village, Village.Kind.KELURAHAN),
    "kel": (Village, Village.Kind.KELURAHAN),
}
_LEADING_WORD = re.compile(r"([^\W\d_]+)(?:\.\s*|\s+)(\w.*)", re.DOTALL)


@dataclass(frozen=True)
class Level:
    model: type
    parameter: str  # of the funding filters (reports/filters.py)
    label: str
    related: tuple

    def link(self, region):
        """A province's or regency's own page; a district or village has none, so its link is
        the funding page narrowed to it."""
        if self.model in (Province, Regency):
            return reverse("region_detail", args=[region.code])
        return f"{reverse('funding_summary')}?{urlencode({self.parameter: region.code})}"

    def label_of(self, region):
        if self.model is Province:
            return region.name
        if self.model is Village:
            return region.full_path
        return str(region)


LEVELS = [
    Level(Province, "province", _("Province"), ()),
    Level(Regency, "regency", _("Regency or city"), ("province",)),
    Level(District, "district", _("District"), ("regency",)),
    Level(Village, "village", _("Village"), ("district__regency__province",)),
]


@dataclass(frozen=True)
class Place:
    level: str
    label: str
    url: str


@dataclass
class Group:
    """The first results of one kind, and how many there are in all."""

    items: list = field(default_factory=list)
    count: int = 0

    @property
    def more(self):
        return self.count - len(self.items)


@dataclass
class SearchResults:
    places: Group
    forums: Group
    activities: Group
    meetings: Group
    posts: Group
    similar_places: bool = False  # no place has the name; these are alike

    @property
    def is_empty(self):
        groups = (self.places, self.forums, self.activities, self.meetings, self.posts)
        return not any(group.count for group in groups)


def split_kind_word(text):
    """The level a leading kind word names, its kind, and the rest of ``text``.

    ``"Kota Bau Bau"`` gives ``(Regency, "kota", "Bau Bau")``, ``"Kab. Rokan Hulu"``
    ``(Regency, "kabupaten", "Rokan Hulu")``; text without one gives ``(None, None, text)``.
    """
    match = _LEADING_WORD.fullmatch(text.strip())
    if match and match[1].lower() in KIND_WORDS:
        model, kind = KIND_WORDS[match[1].lower()]
        return model, kind, match[2]
    return None, None, text


def _regions(level, text):
    """The regions of ``level`` that ``text`` names, closest first (one query)."""
    model, kind, rest = split_kind_word(text)
    if text.strip().rstrip(".").lower() in KIND_WORDS:
        return []  # "Kota" alone names no place (it would name 98)
    if model is None or model is level.model:
        folded = fold_name(rest)
        regions = level.model.objects.all()
        if kind:
            regions = regions.filter(kind=kind)
    else:
        # The kind word names another level; here it may be part of a name ("Kota Baru"
        # is a village as well as the start of a city's name).
        folded = fold_name(text)
        regions = level.model.objects.all()
    if len(folded) < PLACE_MIN_LENGTH:
        return []
    regions = regions.named_like(folded).select_related(*level.related)
    return list(regions[:PLACES_PER_LEVEL])


def find_places(text):
    """The places ``text`` names: ``(Places, Group of Place, similar)``.

    When some region's name contains the query only those count; otherwise (on
    PostgreSQL) the regions with a similar name do, and ``similar`` says so.
    """
    found = [(level, _regions(level, text)) for level in LEVELS]
    exact = any(region.exact for _level, regions in found for region in regions)
    codes, items, count = {}, [], 0
    for level, regions in found:
        if exact:
            regions = [region for region in regions if region.exact]
        codes[level.parameter] = tuple(region.code for region in regions)
        if regions:
            count += regions[0].found_exact if exact else regions[0].found
        items += [Place(level.label, level.label_of(r), level.link(r)) for r in regions]
    places = Places(
        provinces=codes["province"],
        regencies=codes["regency"],
        districts=codes["district"],
        villages=codes["village"],
    )
    group = Group(items[:RESULTS_PER_GROUP], count)
    return places, group, bool(items) and not exact


def _group(records):
    """The first results of ``records`` and their number, in one query."""
    items = list(records.annotate(found_count=Window(Count("pk")))[:RESULTS_PER_GROUP])
    return Group(items, items[0].found_count if items else 0)


def site_search(text):
    """Everything published that ``text`` finds, grouped by kind, in a fixed number of
    queries: four for the places (one per level), and two for each kind of record (the
    ids found by their text, then the first records with their count)."""
    places, place_group, similar = find_places(text)
    forums = Forum.objects.published().matching(text, places).with_village()
    activities = (
        Activity.objects.public()
        .matching(text, places)
        .select_related("activity_type", "forum__village__district__regency")
    )
    meetings = Meeting.objects.public().matching(text, places).with_place()
    posts = Post.objects.public().matching(text, places).for_list()
    return SearchResults(
        places=place_group,
        forums=_group(forums.order_by("name", "pk")),
        activities=_group(activities.order_by("-planned_start", "-pk")),
        meetings=_group(meetings.order_by("-held_on", "-pk")),
        posts=_group(posts),
        similar_places=similar,
    )
