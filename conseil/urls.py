from django.urls import path

from . import views

app_name = "conseil"

urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("verification/", views.ask_verification, name="ask_verification"),
]
