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
    path("", include("forums.staff.urls")),
    path("", include("activities.staff.urls")),
]
