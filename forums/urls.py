from django.urls import path

from . import views

urlpatterns = [
    path("news/", views.news_list, name="news_list"),
    path("news/<slug:slug>/", views.post_detail, name="post_detail"),
    path("forums/", views.forum_list, name="forum_list"),
]
