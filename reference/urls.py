from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [
    path("communes/", views.commune_autocomplete, name="commune_autocomplete"),
]
