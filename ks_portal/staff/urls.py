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
    path("records/<str:model>/<int:pk>/review/", views.staff_review, name="staff_review"),
    path("records/<str:model>/<int:pk>/", views.staff_record, name="staff_record"),
    path("records/verify/", views.staff_verify_selected, name="staff_verify_selected"),
    path("", include("forums.staff.urls")),
    path("", include("activities.staff.urls")),
]
