from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.sharing"
    label = "sharing"
    default_auto_field = "django.db.models.BigAutoField"
