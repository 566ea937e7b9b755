"""A logging formatter that writes one JSON object per line, for log collectors.

Kept to a few lines instead of adding python-json-logger: the staff action log has a
fixed set of fields, and `json.dumps` already guarantees one line per record (a newline
inside a value is escaped, so a crafted username cannot forge a second entry).
"""

import datetime
import json
import logging


class JsonFormatter(logging.Formatter):
    """The record's ``fields`` (a dict given as ``logger.info(..., extra={"fields": {...}})``)
    at the top level, with time (ISO 8601, UTC), level, logger and message, which the
    fields cannot replace."""

    def format(self, record):
        entry = {
            **(getattr(record, "fields", None) or {}),
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
