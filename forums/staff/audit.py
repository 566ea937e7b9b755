"""The staff action log: who did what to which record, one JSON line per action.

Written to the "ks_portal.staff" logger, which settings.LOGGING sends to standard output
through ``ks_portal.jsonlog.JsonFormatter``; the process manager or log collector keeps
it. The record history (django-simple-history) says what changed; this log says who
acted, when and from where, in a form that log tools can search and alert on.
Everything here imports only Django and django-axes, so every app may call it.
"""

import logging

from axes.helpers import get_client_ip_address

logger = logging.getLogger("ks_portal.staff")

ACTIONS = frozenset({"create", "edit", "delete", "submit", "verify", "return", "publish"})


def log_staff_action(user, record, action, request=None, **extra):
    """Log one staff action on a record (a model instance).

    For a delete, call it before deleting: Django clears the instance's pk afterwards.
    The client address is the one django-axes records for the request (the same rules
    for trusted proxies). ``extra`` adds fields (e.g. ``reason=...`` for a return); it
    cannot replace the standard ones.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown staff action {action!r}; one of {sorted(ACTIONS)}")
    kind = record._meta.model_name
    fields = {
        **extra,
        "user": {"id": user.pk, "username": user.get_username()},
        "action": action,
        "record": {"kind": kind, "id": record.pk},
        "client": get_client_ip_address(request) if request is not None else None,
    }
    logger.info(
        "%s %s %s by %s",
        action,
        kind,
        record.pk,
        user.get_username(),
        extra={"fields": fields},
    )
