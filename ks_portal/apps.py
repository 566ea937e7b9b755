from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class PortalConfig(AppConfig):
    name = "ks_portal"
    verbose_name = "Portal Keserasian Sosial"

    def ready(self):
        from .middleware import stamp_session_at_login

        user_logged_in.connect(stamp_session_at_login, dispatch_uid="stamp_session_at_login")
