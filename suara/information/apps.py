from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.information"
    label = "information"
    default_auto_field = "django.db.models.BigAutoField"
