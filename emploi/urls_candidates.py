"""/espace/candidat/: the candidate's own profile, CV, bio settings and PDF (namespace `emploi_candidate`)."""

from django.urls import path

from . import views_candidates as views

app_name = "emploi_candidate"

urlpatterns = [
    path("", views.space, name="space"),
    path("profil/", views.profile_edit, name="profile"),
    path("bio/", views.bio_settings, name="bio_settings"),
    path("cv/", views.cv, name="cv"),
    path("cv/rubriques/", views.move_section, name="move_section"),
    path("cv/<slug:section>/ajouter/", views.entry_add, name="entry_add"),
    path("cv/entrees/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("cv/entrees/<int:pk>/supprimer/", views.entry_delete, name="entry_delete"),
    path("cv.pdf", views.own_pdf, name="pdf"),
    path("candidatures/", views.application_list, name="applications"),
    path("candidatures/<int:pk>/", views.application_detail, name="application"),
    path("candidatures/<int:pk>/retirer/", views.application_withdraw, name="application_withdraw"),
]
