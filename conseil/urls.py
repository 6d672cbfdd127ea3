from django.urls import path

from . import views, views_missions

app_name = "conseil"

urlpatterns = [
    path("", views.profile_edit, name="profile_edit"),
    path("verification/", views.ask_verification, name="ask_verification"),
    path("propositions/", views_missions.my_proposals, name="my_proposals"),
    path("propositions/<int:pk>/piece-jointe/", views_missions.my_proposal_attachment, name="my_proposal_attachment"),
    path("propositions/<int:pk>/modifier/", views_missions.proposal_edit, name="proposal_edit"),
    path("propositions/<int:pk>/retirer/", views_missions.proposal_withdraw, name="proposal_withdraw"),
    path("alertes/<str:token>/", views.mission_alerts_off, name="mission_alerts_off"),
]
