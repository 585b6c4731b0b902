from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.portal"
    label = "portal"
    default_auto_field = "django.db.models.BigAutoField"
