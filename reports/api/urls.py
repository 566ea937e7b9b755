"""URLs of the open-data API, mounted at /api/ (see ks_portal/urls.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from forums import api as regions

from . import views

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

urlpatterns = [
    path("funding/summary/", views.FundingSummaryView.as_view(), name="api_funding_summary"),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    *router.urls,
]
