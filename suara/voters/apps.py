from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.voters"
    label = "voters"
    default_auto_field = "django.db.models.BigAutoField"
