from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
