from django.urls import path

from . import views

urlpatterns = [
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
]
