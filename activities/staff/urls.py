"""/staff/activities/, /staff/meetings/, /staff/progress/ and /staff/news/ (included by
``ks_portal.staff.urls``): list, ``new/``, ``<pk>/``, ``<pk>/edit/``, ``<pk>/delete/``."""

from . import imports, views

urlpatterns = [
    *views.activities.urls(),
    *views.meetings.urls(),
    *views.progress.urls(),
    *views.posts.urls(),
    *views.followups.urls(),
    *imports.urlpatterns,
]
