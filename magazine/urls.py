"""Plain Django URLs of the magazine, included under /magazine/ before Wagtail's page serving."""

from django.urls import path

from .press import views as press_views

app_name = "magazine"

urlpatterns = [
    path("communiques/proposer/", press_views.submit_press_release, name="press_release_submit"),
    path("communiques/proposer/envoye/", press_views.press_release_sent, name="press_release_sent"),
    path("communiques/confirmer/<str:token>/", press_views.confirm_press_release, name="press_release_confirm"),
]
