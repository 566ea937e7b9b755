"""Settings of ``make bench``: the portal's own, plus what only the benchmark needs.

The production part (DEBUG off, the secret key, allowed hosts, Redis, no TLS redirect on
loopback) comes from the environment that ``benchmarks/bench.py`` gives gunicorn and its
helper processes, exactly as on a server. Here:

- the bare view, ``/bench/bare/``: Django's floor, a URL resolved to a view that returns
  a constant, answered before any of the portal's middleware (``BareViewMiddleware``);
- no download limits: the one benchmarking client would be refused after a few requests.
  The API throttle stays in place with a rate no run reaches, so that each API request
  still reads and writes its request history in Redis as in production (a history of at
  most one second, from one client address).
"""

from ks_portal.settings import *  # noqa: F403
from ks_portal.settings import MIDDLEWARE, REST_FRAMEWORK

MIDDLEWARE = ["benchmarks.middleware.BareViewMiddleware", *MIDDLEWARE]

REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/second", "user": "1000000/second"},
}
EXPORT_RATE = ""
REGISTER_PDF_RATE = ""
# The XLSX of every funding line (about 500,000 at scale 1). The PDF register keeps the
# production limit (REGISTER_PDF_MAX_ROWS): the benchmark draws the largest slice it allows.
EXPORT_XLSX_MAX_ROWS = 1_000_000
# The downloads are measured drawn inside the request, as a background job draws them.
EXPORT_JOB_MIN_ROWS = REGISTER_PDF_JOB_MIN_ROWS = 1_000_000_000
