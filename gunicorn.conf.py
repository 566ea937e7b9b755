"""gunicorn settings of the portal: `.venv/bin/gunicorn -c gunicorn.conf.py ks_portal.wsgi`.

gunicorn runs behind a reverse proxy (nginx, haproxy) that terminates TLS, buffers slow
clients and sets X-Forwarded-For and X-Forwarded-Proto; see "Production" in the README.
Environment variables:

- GUNICORN_BIND: address to listen on (default 127.0.0.1:8000, the proxy on this machine);
  several separated by commas, or unix:/run/ks-portal.sock.
- WEB_CONCURRENCY: worker processes (default 2 x CPU cores + 1, at most 8).
- FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-Proto gunicorn believes (default
  127.0.0.1,::1). The portal reads the client address itself (TRUSTED_PROXIES).
"""

import multiprocessing
import os

MAX_DEFAULT_WORKERS = 8


def _workers():
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    if value:
        return int(value)
    return min(2 * multiprocessing.cpu_count() + 1, MAX_DEFAULT_WORKERS)


bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = _workers()
# A request still running after 30 s is taken as stuck: its worker is killed and replaced,
# and the proxy answers 502. (The PDF register and the XLSX export are bounded in rows,
# REGISTER_PDF_MAX_ROWS and EXPORT_XLSX_MAX_ROWS, so that they finish well before.)
timeout = 30
# On a restart or deploy (SIGHUP, SIGTERM), workers finish the requests they have.
graceful_timeout = 30
# Connections from the proxy stay open between requests for a few seconds.
keepalive = 5
# Each worker is replaced after about 20,000 requests (the jitter keeps them from
# restarting all at once), so a slow leak never grows. Cached pages are answered at
# hundreds to thousands a second per server: at 1,000 a worker was replaced every few
# seconds, and each replacement (a new worker importing Django) stalled its requests for
# up to 1.6 s (p99 through haproxy in `make cluster`). The application is loaded once in
# the master (preload_app) and forked, so a replacement costs a fork, not an import.
max_requests = 20_000
max_requests_jitter = 2_000
preload_app = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access log on standard output, errors on standard error, for the service manager or
# container runtime to collect.
accesslog = "-"
errorlog = "-"
