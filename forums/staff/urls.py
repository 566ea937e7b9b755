"""/staff/forums/ and /staff/incidents/ (included by ``ks_portal.staff.urls``): list,
``new/``, ``<pk>/``, ``<pk>/edit/``, ``<pk>/delete/``; /staff/notifications/ with its
settings; and /staff/uploads/photos/, where staff forms send their photos as soon as they
are chosen."""

from . import incidents, notifications, resilience, uploads, views

urlpatterns = [
    *views.forums.urls(),
    *incidents.incidents.urls(),
    *resilience.resilience.urls(),
    *notifications.urlpatterns,
    *uploads.urlpatterns,
]
