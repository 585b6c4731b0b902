from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.quickcount"
    label = "quickcount"
    default_auto_field = "django.db.models.BigAutoField"
