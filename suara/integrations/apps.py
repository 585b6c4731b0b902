from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.integrations"
    label = "integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from suara.integrations.cors import cors_origin_registered

        check_request_enabled.connect(cors_origin_registered, dispatch_uid="suara-integrations-cors")
