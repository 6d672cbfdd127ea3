from django.urls import path

from . import views

app_name = "association"

urlpatterns = [
    path("adherer/", views.join, name="join"),
    path("mon-adhesion/", views.space, name="space"),
    path("mon-adhesion/attestation/<int:pk>/", views.attestation, name="attestation"),
    path("helloasso/notification/", views.helloasso_webhook, name="helloasso_webhook"),
    path("correspondants/", views.correspondents, name="correspondents"),
    path("parler-a-quelqu-un/", views.contact, name="contact"),
    path("parler-a-quelqu-un/merci/", views.contact_thanks, name="contact_thanks"),
    path("assemblee-generale/", views.assembly, name="assembly"),
    path("assemblee-generale/votants.csv", views.assembly_csv, name="assembly_csv"),
    path("assemblee-generale/emargement.pdf", views.assembly_sign_in_sheet, name="assembly_sign_in_sheet"),
    path("assemblee-generale/pouvoir.pdf", views.assembly_proxy_form, name="assembly_proxy_form"),
]
