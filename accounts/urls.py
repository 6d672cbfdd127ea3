from django.urls import path

from . import views, views_data, views_messages

urlpatterns = [
    path("", views.espace, name="espace"),
    path("roles/", views.update_roles, name="espace_roles"),
    path("messages/", views_messages.thread_list, name="messages_list"),
    path("messages/<int:pk>/", views_messages.thread_detail, name="messages_thread"),
    path("messages/alertes/<str:token>/", views_messages.notifications_off, name="message_notifications_off"),
    path("messages/courriels/", views_messages.notifications_setting, name="message_notifications_setting"),
    path("mes-donnees/", views_data.my_data, name="my_data"),
    path("mes-donnees/export/", views_data.export, name="my_data_export"),
    path("mes-donnees/supprimer/", views_data.delete_account, name="delete_account"),
]
