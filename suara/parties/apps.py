from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.parties"
    label = "parties"
    default_auto_field = "django.db.models.BigAutoField"
