from django.urls import path

from . import views_missions

app_name = "missions"

urlpatterns = [
    path("", views_missions.space, name="space"),
    path("nouvelle/", views_missions.create, name="create"),
    path("<int:pk>/", views_missions.detail, name="detail"),
    path("<int:pk>/modifier/", views_missions.edit, name="edit"),
    path("<int:pk>/cloturer/", views_missions.close, name="close"),
    path("<int:pk>/retirer/", views_missions.withdraw, name="withdraw"),
    path("<int:pk>/propositions/<int:proposal_pk>/preselection/", views_missions.shortlist, name="shortlist"),
    path("<int:pk>/propositions/<int:proposal_pk>/piece-jointe/", views_missions.attachment, name="attachment"),
]
