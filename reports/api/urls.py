"""URLs of the open-data API, mounted at /api/ (see ks_portal/urls.py)."""

from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from forums import api as regions

from . import views
from .docs import ApiDocsView

router = DefaultRouter()
router.register("forums", views.ForumViewSet, basename="api-forum")
router.register("activities", views.ActivityViewSet, basename="api-activity")
router.register("meetings", views.MeetingViewSet, basename="api-meeting")
router.register("news", views.NewsViewSet, basename="api-news")
# Region lookups live beside the regions (forums.api); they also feed the staff pickers.
router.register("regions/provinces", regions.ProvinceViewSet, basename="api-province")
router.register("regions/regencies", regions.RegencyViewSet, basename="api-regency")
router.register("regions/districts", regions.DistrictViewSet, basename="api-district")
router.register("regions/villages", regions.VillageViewSet, basename="api-village")

# ReDoc's bundle writes its styles into <style> elements it creates itself, which the site's
# Content-Security-Policy refuses; these hashes allow exactly those on the ReDoc page: an
# empty element (styled-components then adds its rules through the CSSOM) and the one
# stylesheet the bundle carries. A new drf-spectacular-sidecar may change the second:
# tests/browser/test_api_docs.py then fails, and the browser console names the new hash.
REDOC_STYLES = {
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty string
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ]
}

urlpatterns = [
    path("funding/summary/", views.FundingSummaryView.as_view(), name="api_funding_summary"),
    path("incidents/counts/", views.IncidentCountsView.as_view(), name="api-incident-counts"),
    path(
        "resilience/summary/",
        views.ResilienceSummaryView.as_view(),
        name="api-resilience-summary",
    ),
    path(
        "eligibility/counts/",
        views.EligibilityCountsView.as_view(),
        name="api-eligibility-counts",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
    path(
        "redoc/",
        csp_update(REDOC_STYLES)(SpectacularRedocView.as_view(url_name="api_schema")),
        name="api_redoc",
    ),
    *router.urls,
    # Last: an address none of the above knows (e.g. /api/activities/1.5/). Only those
    # ending in a slash, so that /api/forums still redirects to /api/forums/.
    re_path(r"^.*/$", views.UnknownAddressView.as_view(), name="api_unknown"),
]
