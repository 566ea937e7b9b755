"""Public programme figures: what the home page and summaries show.

Every figure counts published data only: published forums, and public
activities (published, of a published forum) with their funding lines.
"""

from django.db.models import Count, F

from activities.models import FundingLine
from forums.models import Forum


def programme_years():
    """Years that have forums formed or money budgeted, newest first."""
    forum_years = Forum.objects.published().values_list("formation_year", flat=True).distinct()
    budget_years = (
        FundingLine.objects.public().order_by().values_list("budget_year", flat=True).distinct()
    )
    return sorted(set(forum_years) | set(budget_years), reverse=True)


def programme_figures(year=None):
    """National figures for a programme year, or for all years when ``year`` is None.

    A year selects the forums formed in it, and the activities and money budgeted in it.
    """
    forums = Forum.objects.published()
    lines = FundingLine.objects.public()
    if year:
        forums = forums.filter(formation_year=year)
        lines = lines.filter(budget_year=year)
    forum_figures = forums.aggregate(
        forums=Count("pk"),
        villages=Count("village", distinct=True),
        provinces=Count("village__district__regency__province", distinct=True),
    )
    money = lines.totals(activities=Count("activity", distinct=True))
    return {**forum_figures, **money}


def forums_per_province(year=None):
    """Published forums counted by province, largest first: [{code, province_name, forums}]."""
    forums = Forum.objects.published()
    if year:
        forums = forums.filter(formation_year=year)
    province = "village__district__regency__province"
    return list(
        forums.values(code=F(f"{province}_id"), province_name=F(f"{province}__name"))
        .annotate(forums=Count("pk"))
        .order_by("-forums", "province_name")
    )
