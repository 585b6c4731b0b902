from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.messaging"
    label = "messaging"
    default_auto_field = "django.db.models.BigAutoField"
