"""/staff/forums/ (included by ``ks_portal.staff.urls``): list, ``new/``, ``<pk>/``,
``<pk>/edit/``, ``<pk>/delete/``; /staff/notifications/ with its settings; and
/staff/uploads/photos/, where staff forms send their photos as soon as they are chosen."""

from . import notifications, uploads, views

urlpatterns = [*views.forums.urls(), *notifications.urlpatterns, *uploads.urlpatterns]
