from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.regions"
    label = "regions"
    default_auto_field = "django.db.models.BigAutoField"
