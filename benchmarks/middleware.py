"""The bare view's way in, before the portal's middleware (benchmarks/settings.py only)."""

from django.urls import resolve

BARE_PATH = "/bench/bare/"


class BareViewMiddleware:
    """For ``/bench/bare/`` only: resolve the path against ``benchmarks.urls`` and return its
    view's response, so the request costs what Django itself costs (WSGI request, handler,
    URL resolution, response) and none of the portal's middleware. Every other path goes
    on through the normal stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == BARE_PATH:
            match = resolve(request.path_info, urlconf="benchmarks.urls")
            return match.func(request, *match.args, **match.kwargs)
        return self.get_response(request)
