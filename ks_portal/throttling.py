"""API throttles keyed on the real client address (forums.clients.client_ip).

DRF's own get_ident joins the whole X-Forwarded-For header into the key when
NUM_PROXIES is unset, so a client that sends a new header with every request is
never limited. These classes ask client_ip instead, the same function django-axes
and the view counter use. Counts live in the default cache: Redis when REDIS_URL
is set, otherwise each process's own memory.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from forums.clients import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request)

    def get_rate(self):
        # Read the rates when the throttle is built, not when the class was imported,
        # so that a changed REST_FRAMEWORK setting takes effect.
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()


class AnonymousClientThrottle(ClientAddressMixin, AnonRateThrottle):
    """Anonymous clients: DEFAULT_THROTTLE_RATES["anon"] per client address."""


class SignedInUserThrottle(ClientAddressMixin, UserRateThrottle):
    """Signed-in staff: DEFAULT_THROTTLE_RATES["user"] per user (per address if anonymous)."""
