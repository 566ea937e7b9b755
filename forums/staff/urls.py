"""/staff/forums/ (included by ``ks_portal.staff.urls``): list, ``new/``, ``<pk>/``,
``<pk>/edit/``, ``<pk>/delete/``."""

from . import views

urlpatterns = views.forums.urls()
