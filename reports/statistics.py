"""Public programme figures: what the home page and summaries show.

Every figure counts published data only: published forums, and public
activities (published, of a published forum) with their funding lines, whose sums
come from the funding figures (``reports.models``).
"""

from django.db.models import Count, F, Sum

from forums.models import Forum

from .models import ProvinceFigure, count_column


def programme_years():
    """Years that have forums formed or money budgeted, newest first."""
    forum_years = (
        Forum.objects.published().order_by().values_list("formation_year", flat=True).distinct()
    )
    budget_years = ProvinceFigure.objects.order_by().values_list("budget_year", flat=True)
    budget_years = budget_years.distinct()
    return sorted(set(forum_years) | set(budget_years), reverse=True)


def programme_figures(year=None):
    """National figures for a programme year, or for all years when ``year`` is None.

    A year selects the forums formed in it, and the activities and money budgeted in it.
    """
    forums = Forum.objects.published()
    figures = ProvinceFigure.objects.all()
    if year:
        forums = forums.filter(formation_year=year)
        figures = figures.filter(budget_year=year)
    forum_figures = forums.aggregate(
        forums=Count("pk"),
        villages=Count("village", distinct=True),
        provinces=Count("village__district__regency__province", distinct=True),
    )
    activities = count_column("activities", by=["year"] if year else [])
    money = figures.totals(activities=Sum(activities, default=0))
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
