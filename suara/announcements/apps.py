from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.announcements"
    label = "announcements"
    default_auto_field = "django.db.models.BigAutoField"
