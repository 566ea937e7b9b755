"""The staff workspace under /staff/: login and password pages, dashboard, workflow, entry."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.staff_dashboard, name="staff_dashboard"),
    path("", include("django.contrib.auth.urls")),
    path(
        "records/<str:model>/<int:pk>/transition/",
        views.staff_transition,
        name="staff_transition",
    ),
    path("records/<str:model>/<int:pk>/history/", views.staff_history, name="staff_history"),
    path("regions/regencies/", views.staff_region_regencies, name="staff_region_regencies"),
    path("regions/districts/", views.staff_region_districts, name="staff_region_districts"),
    path("regions/villages/", views.staff_region_villages, name="staff_region_villages"),
    path("", include("forums.staff.urls")),
    path("", include("activities.staff.urls")),
]
