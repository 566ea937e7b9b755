from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Regions, forums and news")

    def ready(self):
        from . import public_changes

        public_changes.connect_forums()
