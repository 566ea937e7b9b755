from django.urls import path

from . import views

urlpatterns = [
    path("forums/", views.staff_forum_list, name="staff_forum_list"),
    path("forums/new/", views.staff_forum_create, name="staff_forum_create"),
    path("forums/<int:pk>/", views.staff_forum_detail, name="staff_forum_detail"),
    path("forums/<int:pk>/edit/", views.staff_forum_edit, name="staff_forum_edit"),
    path("forums/<int:pk>/delete/", views.staff_forum_delete, name="staff_forum_delete"),
]
