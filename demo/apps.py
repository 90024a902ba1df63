from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo academy: content as data and its loader. Depends on every app;
    nothing depends on it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo academy"
