"""The Celery application: long work off the request path, and the daily clean-ups.

Workers and beat read the broker from ``CELERY_BROKER_URL`` (Redis or RabbitMQ). With
no broker configured (`make run`, the tests), tasks run inline in the process that
asks for them (``CELERY_TASK_ALWAYS_EAGER``), so a single machine needs no worker.

    celery -A ks_portal worker --loglevel=INFO
    celery -A ks_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")

app = Celery("ks_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
