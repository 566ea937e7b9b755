"""The benchmark's own URLconf: only the bare view (see ``benchmarks.middleware``)."""

from django.http import HttpResponse
from django.urls import path


def bare(request):
    return HttpResponse(b"bare\n", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare")]
