"""The API's documentation page (/api/docs/): the portal's own page, in its language, with
an introduction and curl examples above Swagger UI (drf-spectacular's view, started by
static/js/api_docs.js because the Content-Security-Policy forbids inline scripts)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.settings import api_settings

from .pagination import PortalPagination

# The example requests the page shows, each with what it answers.
EXAMPLES = [
    (
        "/api/activities/?regency=13.72&year=2019",
        _("Activities in Kota Solok with funding for 2019, with their funding lines"),
    ),
    (
        "/api/funding/summary/?province=13&year=2019",
        _("Budget, spending and remainder in Sumatera Barat for 2019, by regency"),
    ),
    ("/api/forums/?village=13.72.01.1001", _("Forums of Kelurahan Tanah Garam")),
    ("/api/regions/villages/?district=13.72.01", _("The villages of one district, by code")),
]
PERIODS = {"s": _("second"), "m": _("minute"), "h": _("hour"), "d": _("day")}


def anonymous_rate():
    """The anonymous throttle as (requests, period name), e.g. (60, "minute"), or None."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get("anon")
    if not rate:
        return None
    count, period = rate.split("/")
    return int(count), PERIODS.get(period[0], period)


class ApiDocsView(SpectacularSwaggerView):
    template_name = "drf_spectacular/swagger_ui.html"

    @extend_schema(exclude=True)  # a page about the API, not part of it
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        rate = anonymous_rate()
        response.data.update(
            {
                "examples": [(request.build_absolute_uri(path), text) for path, text in EXAMPLES],
                "page_size": PortalPagination.page_size,
                "max_page_size": PortalPagination.max_page_size,
                "rate_count": rate[0] if rate else None,
                "rate_period": rate[1] if rate else None,
                "language_cookie": settings.LANGUAGE_COOKIE_NAME,
                "crumbs": [(None, _("Open-data API"))],
            }
        )
        return response
