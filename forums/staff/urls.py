"""/staff/forums/ (included by ``ks_portal.staff.urls``): list, ``new/``, ``<pk>/``,
``<pk>/edit/``, ``<pk>/delete/``; and /staff/notifications/ with its settings."""

from . import notifications, views

urlpatterns = [*views.forums.urls(), *notifications.urlpatterns]
