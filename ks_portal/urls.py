from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from django.views.i18n import set_language

from . import health, map, media, regions, views
from .feeds import NewsAtomFeed, NewsFeed, ProvinceNewsFeed
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("map/", map.map_page, name="map"),
    path("map/data.json", map.map_data, name="map_data"),
    path("regions/<str:code>/", regions.region_detail, name="region_detail"),
    # The language switch sits in the header of every page, so it carries no CSRF token:
    # a cached public page is the same for every reader. Forging it could only switch a
    # visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("favicon.ico", views.favicon),
    path("healthz", health.healthz, name="healthz"),
    # Uploaded photos, DEBUG on or off: served after a publication and scope check.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media.serve_media, name="media"),
    path("admin/", admin.site.urls),
    path("staff/", include("ks_portal.staff.urls")),
    path("", include("forums.urls")),
    path("", include("activities.urls")),
    path("", include("reports.urls")),
    path("api/", include("reports.api.urls")),
    path("feeds/news/", NewsFeed(), name="news_feed"),
    path("feeds/news/atom/", NewsAtomFeed(), name="news_feed_atom"),
    path("feeds/news/province/<str:code>/", ProvinceNewsFeed(), name="province_news_feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
]
