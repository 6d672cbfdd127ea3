from django.urls import path

from . import views

urlpatterns = [
    path("", views.espace, name="espace"),
    path("roles/", views.update_roles, name="espace_roles"),
]
