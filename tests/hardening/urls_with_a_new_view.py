"""The site's URLs plus one nobody told the walking suite about (`test_catalogue.py`)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def new_view(request):
    return HttpResponse("nouveau")


urlpatterns = [path("nouveau/", new_view, name="nouvelle_vue"), *site_urlpatterns]
