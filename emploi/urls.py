from django.urls import path

from . import views, views_applications

app_name = "emploi"

urlpatterns = [
    path("", views.space, name="space"),
    path("offres/nouvelle/", views.create_offer, name="offer_create"),
    path("offres/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offres/<int:pk>/modifier/", views.edit_offer, name="offer_edit"),
    path("offres/<int:pk>/soumettre/", views.submit_offer, name="offer_submit"),
    path("offres/<int:pk>/dupliquer/", views.duplicate_offer, name="offer_duplicate"),
    path("offres/<int:pk>/retirer/", views.withdraw_offer, name="offer_withdraw"),
    path("offres/<int:pk>/cloturer/", views.close_offer, name="offer_close"),
    path("offres/<int:pk>/candidatures/", views_applications.offer_applications, name="offer_applications"),
    path("candidatures/<int:pk>/", views_applications.application_detail, name="application"),
    path("retour/<str:token>/", views.feedback, name="feedback"),
]
