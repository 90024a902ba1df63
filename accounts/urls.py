from django.urls import path

from accounts import views

urlpatterns = [
    path("profile/", views.profile, name="account_profile"),
    path("my-data/", views.data_export, name="account_data_export"),
    path("erase/", views.erase, name="account_erase"),
    path("name-visibility/", views.name_visibility, name="account_name_visibility"),
    path("api-tokens/", views.api_tokens, name="account_api_tokens"),
]
