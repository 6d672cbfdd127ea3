from django.urls import path

from . import views

app_name = "annuaire"

urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("nouvelle/", views.create_organisation, name="create"),
    path("rejoindre/", views.find_organisation, name="find"),
    path("<int:pk>/rejoindre/", views.join_organisation, name="join"),
    path("<int:pk>/modifier/", views.edit_organisation, name="edit"),
    path("demandes/<int:pk>/", views.decide_membership, name="decide"),
]
