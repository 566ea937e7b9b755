"""Site-wide public pages that combine the apps: home, about, search."""

from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from forums.models import Post
from reports.statistics import forums_per_province, programme_figures, programme_years

from .forms import SearchForm, YearForm
from .search import site_search


def home(request):
    form = YearForm(request.GET or None, years=programme_years())
    year = form.cleaned_data["year"] if form.is_valid() else None
    context = {
        "year_form": form,
        "year": year,
        "figures": programme_figures(year),
        "provinces": forums_per_province(year),
        "latest_posts": Post.objects.published().for_list()[:6],
    }
    return render(request, "ks_portal/home.html", context)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the static icon."""
    return redirect(static("img/favicon.svg"), permanent=True)


def about(request):
    context = {
        "about_crumbs": [(None, _("About the programme"))],
        "news_url": reverse("news_list"),
        "forums_url": reverse("forum_list"),
    }
    return render(request, "ks_portal/about.html", context)


def search(request):
    form = SearchForm(request.GET or None)
    results = site_search(form.cleaned_data["q"]) if form.is_valid() else None
    context = {"form": form, "results": results, "search_crumbs": [(None, _("Search"))]}
    return render(request, "ks_portal/search.html", context)
