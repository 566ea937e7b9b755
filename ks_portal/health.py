"""`/healthz`: is this app server able to serve? For load balancers and monitoring.

A small view rather than django-health-check (4.8): that package answers 500 rather than
503, keys its JSON by check class reprs, puts exception text into the answer (a database
error names the host), has no pending-migrations check and pulls in dnspython. Here each
check answers "ok" or a short generic reason; the details go to the log only.

The view runs a fixed number of queries (one for the database, two for the migration
state), touches no session and sets no cookie, so probing it every few seconds costs
next to nothing and writes no session rows.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("ks_portal.health")

OK = "ok"
FAILED = "error"
PROBE = b"ks-portal health probe"


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not answer 1")
    return OK


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, PROBE, timeout=10)
    try:
        if cache.get(key) != PROBE:
            raise RuntimeError("the cache did not give back the value just set")
    finally:
        cache.delete(key)
    return OK


def check_storage():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != PROBE:
                raise RuntimeError("media storage did not give back the file just written")
    finally:
        default_storage.delete(name)
    return OK


def pending_migrations(connection=None):
    """The migrations on disk not yet applied to the database, in the order migrate runs
    them (as `migrate --check` computes them)."""
    executor = MigrationExecutor(connection or connections[DEFAULT_DB_ALIAS])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def check_migrations():
    pending = len(pending_migrations())
    return OK if pending == 0 else f"{pending} pending"


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}


def run_checks():
    """Every check's result: "ok", "N pending", or "error" (the cause is logged)."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            # Any failure of a dependency must become a 503 with a generic word, never a 500
            # page or exception text in the answer; the traceback goes to the log.
            logger.exception("Health check %r failed", name)
            results[name] = FAILED
    return results


@require_safe
@never_cache
def healthz(request):
    checks = run_checks()
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else FAILED, "checks": checks}, status=200 if healthy else 503
    )
