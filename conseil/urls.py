from django.urls import path

from . import views, views_missions

app_name = "conseil"

urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("verification/", views.ask_verification, name="ask_verification"),
    path("propositions/", views_missions.my_proposals, name="my_proposals"),
    path("alertes/<str:token>/", views.mission_alerts_off, name="mission_alerts_off"),
]
