"""The versioned REST API, mounted at /api/v1/."""

from django.urls import path

from certificates.api import VerifyView

app_name = "api"

urlpatterns = [
    path("verify/<str:code>", VerifyView.as_view(), name="verify"),
]
