"""The public page of a province or a regency (/regions/<code>/): its forums, activities,
money by source and year, and latest news, in a fixed number of queries.

District and regency portals built on village systems open with such a page per region;
here every place name of the public pages links to one.
"""

from django.http import Http404, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.map_pins import region_pins
from activities.models import Activity
from forums.models import (
    ConflictIncident,
    Forum,
    Post,
    Province,
    Regency,
    Village,
    add_card_details,
    region_code,
)
from forums.resilience import average as resilience_average
from forums.resilience import resilience_changes
from reports import eligibility, selectors, targeting

from .map_outline import DRAWN_INSIDE

FORUMS_SHOWN = 12
ACTIVITIES_SHOWN = 10
POSTS_SHOWN = 4


def _region(code):
    """The province or regency of ``code`` ("13", "13.72"), or 404."""
    code = region_code(code)
    depth = code.count(".") if code else -1
    if depth == 0:
        region = Province.objects.filter(pk=code).first()
    elif depth == 1:
        region = Regency.objects.select_related("province").filter(pk=code).first()
    else:
        region = None
    if region is None:
        raise Http404(_("No province or regency has that code."))
    return region


def region_detail(request, code):
    region = _region(code)
    is_province = isinstance(region, Province)
    if is_province:
        province, filters = region, {"province": region.pk}
        forums = Forum.objects.in_province(region.pk)
        posts = Post.objects.in_province(region.pk)
        incidents = ConflictIncident.objects.in_province(region.pk)
        villages = Village.objects.filter(district__regency__province=region)
    else:
        province, filters = region.province, {"province": region.province_id, "regency": region.pk}
        forums = Forum.objects.in_regency(region.pk)
        posts = Post.objects.filter(regency=region)
        incidents = ConflictIncident.objects.in_regency(region.pk)
        villages = Village.objects.filter(district__regency=region)
    query = QueryDict(mutable=True)
    query.update(filters)
    funding = selectors.funding_slice(query, public=True)
    summary = funding.summary()
    forums = forums.published()
    activities = (
        Activity.objects.for_forum_page()
        .filter(forum__in=forums)
        .select_related("forum__village__district")
        .order_by("-planned_start", "-pk")
    )
    crumbs = [(None, region.name)]
    if not is_province:
        crumbs.insert(0, (reverse("region_detail", args=[province.pk]), province.name))
    context = {
        "region": region,
        "province": province,
        "is_province": is_province,
        "summary": summary,
        "totals": summary["totals"],
        # A province lists its regencies with their money; a regency its forums'.
        "rows": selectors.figure_rows(funding.grouped_rows("regency")) if is_province else None,
        "forum_count": forums.count(),
        "forums": add_card_details(forums.with_village().order_by("name", "pk")[:FORUMS_SHOWN]),
        "activities": activities[:ACTIVITIES_SHOWN],
        "pins": region_pins(Activity.objects.public().filter(forum__in=forums)),
        "posts": posts.published().for_list()[:POSTS_SHOWN],
        # Counts only: an incident's description is never public.
        "incident_counts": targeting.counts_by_trigger(incidents.published()),
        # Mean scores only: a profile's notes and evidence are never public.
        "resilience": resilience_average(resilience_changes(villages).values()),
        "eligibility": eligibility.counts(villages),
        "query": query.urlencode(),
        "crumbs": crumbs,
        "outline_note": outline_note(province),
    }
    return render(request, "ks_portal/region_detail.html", context)


def outline_note(province):
    """Why the map shades a bigger outline, for a province made after the map's source."""
    if province.code not in DRAWN_INSIDE:
        return ""
    return _(
        "The map draws the provinces of 2012 (Natural Earth): %(name)s is shaded inside "
        "the outline of %(parent)s, the province it was formed from."
    ) % {"name": province.name, "parent": Province.objects.get(pk=DRAWN_INSIDE[province.code]).name}
