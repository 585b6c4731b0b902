from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.officers"
    label = "officers"
    default_auto_field = "django.db.models.BigAutoField"
