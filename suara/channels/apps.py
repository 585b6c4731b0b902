from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.channels"
    label = "channels"
    default_auto_field = "django.db.models.BigAutoField"
