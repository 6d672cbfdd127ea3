"""/cv/<slug>/: candidates' bios and their PDF CV (who may see them: `emploi.candidates.may_view`)."""

from django.urls import path

from . import views_candidates as views

urlpatterns = [
    path("<slug:slug>/", views.bio, name="bio"),
    path("<slug:slug>/pdf/", views.bio_pdf, name="bio_pdf"),
]
