from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path(
        "email-preferences/",
        views.email_preferences,
        name="account_email_preferences",
    ),
    path("notifications/", views.notifications, name="account_notifications"),
    path(
        "notifications/<int:pk>/",
        views.notification_open,
        name="account_notification_open",
    ),
    path("my-data/", views.data_export, name="account_data_export"),
    path("erase/", views.erase, name="account_erase"),
    path("name-visibility/", views.name_visibility, name="account_name_visibility"),
    path("api-tokens/", views.api_tokens, name="account_api_tokens"),
]
