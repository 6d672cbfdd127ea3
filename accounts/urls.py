from django.urls import path

from . import views, views_messages

urlpatterns = [
    path("", views.espace, name="espace"),
    path("roles/", views.update_roles, name="espace_roles"),
    path("messages/", views_messages.thread_list, name="messages_list"),
    path("messages/<int:pk>/", views_messages.thread_detail, name="messages_thread"),
]
