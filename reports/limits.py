"""Limits on the costly downloads: how often a client may ask, and how big a file may be.

Drawing the PDF register takes about 55 ms of processor time per activity and the
XLSX about 1 ms per funding line (measured on a 2-core machine), so both are
bounded by a number of rows (``REGISTER_PDF_MAX_ROWS``, ``EXPORT_XLSX_MAX_ROWS``).
The CSV streams in constant memory and stays the way to download everything; it is
only throttled. Rates are counted per client address in the shared cache.
"""

import math
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.throttling import SimpleRateThrottle

from forums.clients import client_ip


class DownloadThrottle(SimpleRateThrottle):
    """Requests per client address over a sliding window, counted in the cache.

    The API's throttle (Django REST framework's), used outside the API. The rate is
    read from the setting named ``setting`` on each request ("10/minute"; empty for
    no limit).
    """

    def __init__(self, setting):
        self.setting = setting
        self.scope = setting.lower()
        super().__init__()

    def get_rate(self):
        return getattr(settings, self.setting) or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


def throttled(setting):
    """A view decorator: past the rate in ``setting``, a 429 page with Retry-After."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            throttle = DownloadThrottle(setting)
            if throttle.allow_request(request, None):
                return view(request, *args, **kwargs)
            seconds = math.ceil(throttle.wait() or throttle.duration)
            response = render(request, "429.html", {"seconds": seconds}, status=429)
            response["Retry-After"] = str(seconds)
            return response

        return wrapper

    return decorator


def too_big(request, message, export_query=""):
    """The page that refuses a download over its size limit and says what to do instead."""
    context = {
        "message": message,
        "export_query": export_query,
        "crumbs": [
            (f"{reverse('funding_summary')}{export_query}", _("Funding")),
            (None, _("Download too large")),
        ],
    }
    return render(request, "reports/download_too_big.html", context, status=400)
